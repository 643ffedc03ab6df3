/**
 * Every decoding of a file of OUT that a config may use (gzip, zip deflate, base64 in ks.cfg
 * heredocs and guestinfo, data URLs), for tests that search OUT for a secret wherever it travels.
 */
import { gunzipSync, inflateRawSync } from 'node:zlib';

/** Entries of a zip written by encoders/zip.ts (local headers, sizes known, stored or deflate). */
function zipEntries(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at + 30 <= bytes.length && bytes.readUInt32LE(at) === 0x04034b50) {
    const method = bytes.readUInt16LE(at + 8);
    const size = bytes.readUInt32LE(at + 18);
    const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
    const data = bytes.subarray(start, start + size);
    out.push(method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at = start + size;
  }
  return out;
}

/** The bytes and every decoding of them that a config may use, recursively. */
export function views(bytes: Buffer, depth = 0): string[] {
  const text = bytes.toString('latin1');
  const out = [text];
  if (depth > 3) return out;
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) out.push(...views(gunzipSync(bytes), depth + 1));
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50)
    for (const e of zipEntries(bytes)) out.push(...views(e, depth + 1));
  for (const run of text.match(/(?:[A-Za-z0-9+/]{16,}(?:\r?\n|\\n)?)+={0,2}/g) ?? []) {
    const decoded = Buffer.from(run.replace(/\r?\n|\\n/g, ''), 'base64');
    if (decoded.length >= 32) out.push(...views(decoded, depth + 1));
  }
  return out;
}
