/**
 * RFC 2397 data URLs for Ignition `contents.source`. Both spellings are produced and the shorter
 * one kept: percent-encoding for mostly-ASCII text (unit files, configs), base64 for the rest.
 */
import { BoundedMemo } from '../shared/bounded-memo.js';

/** Characters left as they are: RFC 3986 unreserved plus a few that are unambiguous after the comma. */
const KEEP = /[A-Za-z0-9\-._~/:=@,]/;

/** Each byte's spelling in a percent-encoded data URL (precomputed: configs can be megabytes). */
const SPELLING: readonly string[] = Array.from({ length: 256 }, (_, byte) => {
  const char = String.fromCharCode(byte);
  return byte < 0x80 && KEEP.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
});

export function percentEncode(bytes: Uint8Array): string {
  const parts: string[] = new Array<string>(bytes.length);
  for (let i = 0; i < bytes.length; i += 1) parts[i] = SPELLING[bytes[i] ?? 0] ?? '';
  return parts.join('');
}

/** For each ASCII code, whether KEEP leaves it as it is. */
const KEPT: readonly boolean[] = Array.from({ length: 0x80 }, (_, code) => SPELLING[code]?.length === 1);

/**
 * `percentEncode` of ASCII text without making its bytes: runs of kept characters are copied as
 * slices. Undefined for text with any other character (the byte-by-byte spelling handles it).
 */
function percentEncodeAscii(text: string): string | undefined {
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) return undefined;
    if (KEPT[code] === true) continue;
    out += text.slice(start, i) + (SPELLING[code] ?? '');
    start = i + 1;
  }
  return out + text.slice(start);
}

/** Characters of contents and their URLs remembered before the memo starts over. */
const urls = new BoundedMemo(4 << 20);

/** The hosts of a cluster share most file contents (scripts, units): each is spelled once. */
export function dataUrl(content: string): string {
  return urls.get(content, spellDataUrl);
}

function spellDataUrl(content: string): string {
  const percent = percentEncodeAscii(content) ?? percentEncode(Buffer.from(content, 'utf8'));
  const base64Length = 4 * Math.ceil(Buffer.byteLength(content, 'utf8') / 3) + ';base64'.length;
  return base64Length < percent.length
    ? `data:;base64,${Buffer.from(content, 'utf8').toString('base64')}`
    : `data:,${percent}`;
}

/** Decodes the two spellings `dataUrl` produces (used by tests and by anyone inspecting a config). */
export function decodeDataUrl(url: string): Buffer {
  const comma = url.indexOf(',');
  if (!url.startsWith('data:') || comma < 0) throw new Error(`not a data URL: ${url.slice(0, 40)}`);
  const meta = url.slice(5, comma);
  const payload = url.slice(comma + 1);
  if (meta.endsWith(';base64')) return Buffer.from(payload, 'base64');
  return Buffer.from(decodeURIComponent(payload), 'utf8');
}
