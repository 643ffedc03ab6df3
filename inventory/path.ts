/**
 * The inverse of formatPath: `hosts[2].mac` -> ['hosts', 2, 'mac']. Used to place diagnostics
 * from later stages, which carry printed paths, back onto the source. A key that itself holds a
 * dot (a label such as `example.com/gpu`) reads as two segments; its position then falls back to
 * the nearest written ancestor, which is still the right neighbourhood.
 */
import type { PathSegments } from './diagnostic.js';

export function parsePath(text: string): PathSegments {
  const segments: (string | number)[] = [];
  for (const match of text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[1] !== undefined) segments.push(match[1]);
  }
  return segments;
}
