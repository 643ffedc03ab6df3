/**
 * Maps a path into the document (`hosts[2].mac`) to the line and column where its value is
 * written. Built from js-yaml's event stream, whose events carry source offsets. While building
 * the tree it also notices duplicate keys, which the JS value alone can no longer show.
 */
import { EVENT_ID, SCALAR_STYLE, getScalarValue, type Event, type ScalarEvent } from 'js-yaml';
import type { PathSegments, SourcePosition } from './diagnostic.js';

type YamlNode =
  | { kind: 'scalar'; offset: number }
  | { kind: 'alias'; offset: number; anchor: string }
  | { kind: 'seq'; offset: number; items: YamlNode[] }
  | { kind: 'map'; offset: number; entries: Map<string, { keyOffset: number; value: YamlNode }> };

export interface DuplicateKey {
  path: PathSegments;
  key: string;
  /** Offset of the repeated key. */
  offset: number;
  /** Offset of the first occurrence. */
  firstOffset: number;
}

/** Offsets to 1-based line/column, by binary search over line starts. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(
    readonly file: string,
    text: string,
  ) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }

  position(offset: number): SourcePosition {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { file: this.file, line: lo + 1, column: offset - (this.starts[lo] ?? 0) + 1 };
  }
}

export class SourceMap {
  constructor(
    private readonly root: YamlNode | undefined,
    private readonly anchors: ReadonlyMap<string, YamlNode>,
    private readonly lines: LineIndex,
  ) {}

  /**
   * Where the value at `path` is written. A path that does not exist (a missing key, a
   * default) maps to its nearest written ancestor: for a missing key, the mapping that lacks it.
   */
  positionOf(path: PathSegments): SourcePosition {
    let node = this.root;
    if (!node) return this.lines.position(0);
    for (const segment of path) {
      const next = this.child(node, segment);
      if (!next) break;
      node = next;
    }
    return this.lines.position(node.offset);
  }

  /** Where the key itself is written (for unknown or duplicate keys), else the value's position. */
  keyPositionOf(path: PathSegments): SourcePosition {
    const parent = this.nodeAt(path.slice(0, -1));
    const last = path[path.length - 1];
    if (parent?.kind === 'map' && typeof last === 'string') {
      const entry = parent.entries.get(last);
      if (entry) return this.lines.position(entry.keyOffset);
    }
    return this.positionOf(path);
  }

  private nodeAt(path: PathSegments): YamlNode | undefined {
    let node = this.root;
    for (const segment of path) {
      if (!node) return undefined;
      node = this.child(node, segment);
    }
    return node;
  }

  private child(node: YamlNode, segment: string | number): YamlNode | undefined {
    const target = node.kind === 'alias' ? this.anchors.get(node.anchor) : node;
    if (!target) return undefined;
    if (target.kind === 'seq' && typeof segment === 'number') return target.items[segment];
    if (target.kind === 'map') return target.entries.get(String(segment))?.value;
    return undefined;
  }
}

function scalarOffset(event: ScalarEvent, fallback: number): number {
  // An empty value (`key:` with nothing after it) has no source range.
  if (event.valueStart < 0) return fallback;
  const quoted = event.style === SCALAR_STYLE.SINGLE_QUOTED || event.style === SCALAR_STYLE.DOUBLE_QUOTED;
  if (quoted) return event.valueStart - 1;
  // Block scalars (| and >) start at the beginning of their first line; point at the text.
  const block = event.style === SCALAR_STYLE.LITERAL_BLOCK || event.style === SCALAR_STYLE.FOLDED_BLOCK;
  return block ? event.valueStart + Math.max(0, event.indent) : event.valueStart;
}

/**
 * Build the source map of the first document in `events`, and list duplicate keys.
 * Events must come from `parseEvents(text)` for the same `text`.
 */
export function buildSourceMap(
  text: string,
  events: readonly Event[],
  file: string,
): { sourceMap: SourceMap; duplicates: DuplicateKey[] } {
  const anchors = new Map<string, YamlNode>();
  const duplicates: DuplicateKey[] = [];
  let index = 0;

  const anchorOf = (start: number, end: number, node: YamlNode): void => {
    if (start >= 0) anchors.set(text.slice(start, end), node);
  };

  const readNode = (path: (string | number)[], fallback: number): YamlNode | undefined => {
    const event = events[index++];
    if (!event) return undefined;
    switch (event.type) {
      case EVENT_ID.SCALAR: {
        const node: YamlNode = { kind: 'scalar', offset: scalarOffset(event, fallback) };
        anchorOf(event.anchorStart, event.anchorEnd, node);
        return node;
      }
      case EVENT_ID.ALIAS:
        return {
          kind: 'alias',
          offset: event.anchorStart - 1,
          anchor: text.slice(event.anchorStart, event.anchorEnd),
        };
      case EVENT_ID.SEQUENCE: {
        const node: YamlNode = { kind: 'seq', offset: event.start, items: [] };
        anchorOf(event.anchorStart, event.anchorEnd, node);
        while (events[index] && events[index]?.type !== EVENT_ID.POP) {
          const item = readNode([...path, node.items.length], node.offset);
          if (item) node.items.push(item);
        }
        index++;
        return node;
      }
      case EVENT_ID.MAPPING: {
        const node: YamlNode = { kind: 'map', offset: event.start, entries: new Map() };
        anchorOf(event.anchorStart, event.anchorEnd, node);
        while (events[index] && events[index]?.type !== EVENT_ID.POP) {
          const keyEvent = events[index];
          const key = keyEvent?.type === EVENT_ID.SCALAR ? getScalarValue(text, keyEvent) : '';
          const keyNode = readNode([...path, key], node.offset);
          const value = keyNode && readNode([...path, key], keyNode.offset);
          if (!keyNode || !value) break;
          const first = node.entries.get(key);
          if (first)
            duplicates.push({
              path: [...path, key],
              key,
              offset: keyNode.offset,
              firstOffset: first.keyOffset,
            });
          else node.entries.set(key, { keyOffset: keyNode.offset, value });
        }
        index++;
        return node;
      }
      default:
        return undefined;
    }
  };

  // Skip to the first document's root node.
  while (index < events.length && events[index]?.type === EVENT_ID.DOCUMENT) index++;
  const root = index < events.length ? readNode([], 0) : undefined;
  return { sourceMap: new SourceMap(root, anchors, new LineIndex(file, text)), duplicates };
}
