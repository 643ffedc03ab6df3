/**
 * The one order for deterministic output: plain UTF-16 code-unit comparison, the same on every
 * machine (unlike localeCompare, which depends on the ICU build and locale).
 */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A comparator on a string key: `files.sort(byKey((f) => f.path))`. */
export function byKey<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => compareStrings(key(a), key(b));
}
