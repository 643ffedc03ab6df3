/**
 * A minimal POSIX ustar writer: regular files and directories, owner root:root (0/0), the fixed
 * ARCHIVE_MTIME, modes as given. Paths longer than 100 bytes use the 155-byte prefix field.
 */
import { ARCHIVE_MTIME, type ArchiveEntry } from './archive-entry.js';

const BLOCK = 512;

/** Writes `text` (UTF-8) into `block` at `offset`; it must fit in `length` bytes. */
function putString(block: Buffer, offset: number, length: number, text: string): void {
  if (Buffer.byteLength(text, 'utf8') > length) throw new Error(`tar field too long: ${text}`);
  block.write(text, offset, length, 'utf8');
}

/** An octal number, zero-padded to length-1 digits, NUL-terminated. */
function putOctal(block: Buffer, offset: number, length: number, value: number): void {
  const digits = value.toString(8).padStart(length - 1, '0');
  if (digits.length > length - 1) throw new Error(`tar number too large: ${value}`);
  block.write(digits, offset, length - 1, 'latin1');
  block[offset + length - 1] = 0;
}

/** ustar splits a long path into prefix (up to 155 bytes) + '/' + name (up to 100 bytes). */
function splitPath(path: string): { prefix: string; name: string } {
  if (Buffer.byteLength(path, 'utf8') <= 100) return { prefix: '', name: path };
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix, 'utf8') <= 155 && Buffer.byteLength(name, 'utf8') <= 100 && name !== '')
      return { prefix, name };
  }
  throw new Error(`path too long for ustar: ${path}`);
}

/** The 512-byte header of `entry`, written into `block` (zero-filled). */
function writeHeader(block: Buffer, entry: ArchiveEntry): void {
  const { prefix, name } = splitPath(entry.path);
  putString(block, 0, 100, name);
  putOctal(block, 100, 8, entry.mode);
  putOctal(block, 108, 8, 0);
  putOctal(block, 116, 8, 0);
  putOctal(block, 124, 12, entry.content?.length ?? 0);
  putOctal(block, 136, 12, ARCHIVE_MTIME);
  block.fill(0x20, 148, 156); // checksum counts as spaces while it is computed
  block[156] = entry.content === undefined ? 0x35 /* '5' */ : 0x30; /* '0' */
  block.write('ustar\0', 257, 'latin1');
  block.write('00', 263, 'latin1');
  block.write('root', 265, 'latin1');
  block.write('root', 297, 'latin1');
  putOctal(block, 329, 8, 0);
  putOctal(block, 337, 8, 0);
  putString(block, 345, 155, prefix);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += block[i]!;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
}

const padded = (length: number): number => Math.ceil(length / BLOCK) * BLOCK;

export function buildTar(entries: readonly ArchiveEntry[]): Uint8Array {
  let size = BLOCK * 2;
  for (const entry of entries) size += BLOCK + padded(entry.content?.length ?? 0);
  const out = Buffer.alloc(size);
  let offset = 0;
  for (const entry of entries) {
    writeHeader(out.subarray(offset, offset + BLOCK), entry);
    offset += BLOCK;
    if (entry.content !== undefined && entry.content.length > 0) {
      out.set(entry.content, offset);
      offset += padded(entry.content.length);
    }
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
