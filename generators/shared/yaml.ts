/**
 * YAML serialisation for cloud-init documents. js-yaml's default dump schema quotes every string
 * that YAML 1.1 (PyYAML, which cloud-init uses) would read as something else: `'0644'`, `'yes'`,
 * MAC addresses that look sexagesimal. Lines are never folded, so keys and URLs stay on one line.
 *
 * Items of a top-level sequence are remembered: the hosts of a cluster share most of their
 * write_files entries (the same scripts and unit files), and choosing a style for those long
 * strings was most of the time js-yaml spent on a user-data. A top-level mapping is dumped key by
 * key and a sequence item by item, which in block style is byte for byte one dump of the whole
 * document: each pair and each item is written on its own lines, whatever its siblings are
 * (test/generators/shared/yaml.test.ts compares both). Values are JSON data, which is what the
 * remembered items are keyed by.
 *
 * A file's content is most of a user-data and differs from host to host in a name or an address:
 * remembering it cost more (a JSON key as long as the content, hashed and compared) than writing
 * it. When an item is a mapping whose last value is text js-yaml writes as a plain literal block
 * (literal-block.ts), only the rest of the item is remembered and the block is written directly.
 */
import { dump } from 'js-yaml';
import { BoundedMemo } from './bounded-memo.js';
import { isPlainLiteral, literalBlock } from './literal-block.js';

const OPTIONS = { lineWidth: -1, noRefs: true } as const;

/**
 * js-yaml ends a document whose last scalar keeps its trailing blank lines (`|+`) with `...`:
 * dumped by pieces, only the last piece's marker stays.
 */
const OPEN_END = '\n...\n';

function withoutOpenEnd(text: string): string {
  return text.endsWith(OPEN_END) ? text.slice(0, -OPEN_END.length + 1) : text;
}

/** Keys js-yaml writes as they are (`key:`, not quoted); only their sequences are dumped by item. */
const plainKeys = new BoundedMemo(1 << 20);

function isPlainKey(key: string): boolean {
  return plainKeys.get(key, (k) => (dump({ [k]: null }, OPTIONS) === `${k}: null\n` ? 'y' : 'n')) === 'y';
}

/** Characters of memo keys and values remembered before the memo starts over. */
const items = new BoundedMemo(4 << 20);

function isMapping(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The lines of `- item` under `key:` (what follows the `key:` line), remembered. */
function sequenceItem(key: string, item: unknown): string {
  const split = isMapping(item) ? literalTail(item) : undefined;
  if (split !== undefined)
    return `${withoutOpenEnd(sequenceItem(key, split.rest))}${ITEM_PAIR_INDENT}${split.key}: ${literalBlock(split.text, ITEM_CONTENT_INDENT)}\n`;
  const id = `${key}\n${JSON.stringify(item)}`;
  return items.get(id, () => dump({ [key]: [item] }, OPTIONS).slice(key.length + 2));
}

/** Where a pair starts in a mapping that is an item of a top-level sequence (after `  - `). */
const ITEM_PAIR_INDENT = '    ';
/** Where a block scalar's lines start under such a pair: js-yaml's indent of 2 deeper. */
const ITEM_CONTENT_INDENT = `${ITEM_PAIR_INDENT}  `;

/**
 * An item's last pair when it is `key: <plain literal block>` and the pairs before it are not
 * empty (an item with one pair is written `- key: |`, on the dash's line), else undefined.
 */
function literalTail(
  item: Record<string, unknown>,
): { rest: Record<string, unknown>; key: string; text: string } | undefined {
  const keys = Object.keys(item);
  if (keys.length < 2) return undefined;
  const key = keys[keys.length - 1]!;
  const text = item[key];
  if (typeof text !== 'string' || !isPlainLiteral(text) || !isPlainKey(key)) return undefined;
  const rest: Record<string, unknown> = {};
  for (const k of keys.slice(0, -1)) rest[k] = item[k];
  return { rest, key, text };
}

export function toYaml(value: unknown): string {
  if (!isMapping(value)) return dump(value, OPTIONS);
  const keys = Object.keys(value);
  if (keys.length === 0) return dump(value, OPTIONS);
  let out = '';
  let last = '';
  for (const key of keys) {
    const entry = value[key];
    if (Array.isArray(entry) && entry.length > 0 && isPlainKey(key)) {
      out += `${key}:\n`;
      for (const item of entry) {
        last = sequenceItem(key, item);
        out += withoutOpenEnd(last);
      }
    } else {
      last = dump({ [key]: entry }, OPTIONS);
      out += withoutOpenEnd(last);
    }
  }
  return last.endsWith(OPEN_END) ? `${out}...\n` : out;
}
