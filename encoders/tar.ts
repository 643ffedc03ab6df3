/**
 * A minimal POSIX ustar writer: regular files and directories, owner root:root (0/0), the fixed
 * ARCHIVE_MTIME, modes as given. Paths longer than 100 bytes use the 155-byte prefix field.
 */
import { ARCHIVE_MTIME, type ArchiveEntry } from './archive-entry.js';

const BLOCK = 512;
const encoder = new TextEncoder();

function putString(block: Uint8Array, offset: number, length: number, text: string): void {
  const bytes = encoder.encode(text);
  if (bytes.length > length) throw new Error(`tar field too long: ${text}`);
  block.set(bytes, offset);
}

/** An octal number, zero-padded to length-1 digits, NUL-terminated. */
function putOctal(block: Uint8Array, offset: number, length: number, value: number): void {
  const digits = value.toString(8).padStart(length - 1, '0');
  if (digits.length > length - 1) throw new Error(`tar number too large: ${value}`);
  putString(block, offset, length, `${digits}\0`);
}

/** ustar splits a long path into prefix (up to 155 bytes) + '/' + name (up to 100 bytes). */
function splitPath(path: string): { prefix: string; name: string } {
  if (encoder.encode(path).length <= 100) return { prefix: '', name: path };
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (encoder.encode(prefix).length <= 155 && encoder.encode(name).length <= 100 && name !== '')
      return { prefix, name };
  }
  throw new Error(`path too long for ustar: ${path}`);
}

function header(entry: ArchiveEntry): Uint8Array {
  const block = new Uint8Array(BLOCK);
  const { prefix, name } = splitPath(entry.path);
  putString(block, 0, 100, name);
  putOctal(block, 100, 8, entry.mode);
  putOctal(block, 108, 8, 0);
  putOctal(block, 116, 8, 0);
  putOctal(block, 124, 12, entry.content?.length ?? 0);
  putOctal(block, 136, 12, ARCHIVE_MTIME);
  block.fill(0x20, 148, 156); // checksum counts as spaces while it is computed
  block[156] = (entry.content === undefined ? '5' : '0').charCodeAt(0);
  putString(block, 257, 6, 'ustar\0');
  putString(block, 263, 2, '00');
  putString(block, 265, 32, 'root');
  putString(block, 297, 32, 'root');
  putOctal(block, 329, 8, 0);
  putOctal(block, 337, 8, 0);
  putString(block, 345, 155, prefix);
  const sum = block.reduce((acc, byte) => acc + byte, 0);
  putString(block, 148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

export function buildTar(entries: readonly ArchiveEntry[]): Uint8Array {
  const blocks: Uint8Array[] = [];
  let size = 0;
  for (const entry of entries) {
    const h = header(entry);
    blocks.push(h);
    size += h.length;
    if (entry.content !== undefined && entry.content.length > 0) {
      const padded = new Uint8Array(Math.ceil(entry.content.length / BLOCK) * BLOCK);
      padded.set(entry.content);
      blocks.push(padded);
      size += padded.length;
    }
  }
  blocks.push(new Uint8Array(BLOCK * 2));
  size += BLOCK * 2;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const b of blocks) {
    out.set(b, offset);
    offset += b.length;
  }
  return out;
}
