/**
 * A minimal deterministic zip writer (PKZIP 2.0, deflate, no zip64): "made by UNIX" so unzip
 * restores the modes kept in the external attributes; UTF-8 names; every date 1980-01-01 00:00.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import type { ArchiveEntry } from './archive-entry.js';

const LOCAL_SIGNATURE = 0x04034b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const END_SIGNATURE = 0x06054b50;
const VERSION = 20;
const MADE_BY_UNIX = (3 << 8) | VERSION;
const FLAG_UTF8 = 0x0800;
const DOS_DATE_1980_01_01 = (0 << 9) | (1 << 5) | 1;
const DOS_TIME_MIDNIGHT = 0;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const MSDOS_DIRECTORY = 0x10;

interface Written {
  entry: ArchiveEntry;
  name: Uint8Array;
  method: number;
  crc: number;
  compressed: Uint8Array;
  size: number;
  offset: number;
}

function record(fields: readonly [bytes: 2 | 4, value: number][], tail: readonly Uint8Array[]): Uint8Array {
  const fixed = fields.reduce((n, [bytes]) => n + bytes, 0);
  const out = new Uint8Array(fixed + tail.reduce((n, t) => n + t.length, 0));
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const [bytes, value] of fields) {
    if (bytes === 2) view.setUint16(offset, value, true);
    else view.setUint32(offset, value, true);
    offset += bytes;
  }
  for (const t of tail) {
    out.set(t, offset);
    offset += t.length;
  }
  return out;
}

export function buildZip(entries: readonly ArchiveEntry[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const written: Written[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = entry.content ?? new Uint8Array(0);
    const method = data.length > 0 ? 8 : 0;
    const compressed = method === 8 ? new Uint8Array(deflateRawSync(data, { level: 9 })) : data;
    if (data.length > 0xffffffff || offset > 0xffffffff)
      throw new Error('bundle too large for zip without zip64');
    const w: Written = {
      entry,
      name: new TextEncoder().encode(entry.path),
      method,
      crc: crc32(data),
      compressed,
      size: data.length,
      offset,
    };
    const local = record(
      [
        [4, LOCAL_SIGNATURE],
        [2, VERSION],
        [2, FLAG_UTF8],
        [2, method],
        [2, DOS_TIME_MIDNIGHT],
        [2, DOS_DATE_1980_01_01],
        [4, w.crc],
        [4, compressed.length],
        [4, data.length],
        [2, w.name.length],
        [2, 0],
      ],
      [w.name, compressed],
    );
    parts.push(local);
    written.push(w);
    offset += local.length;
  }
  const centralStart = offset;
  for (const w of written) {
    const directory = w.entry.content === undefined;
    const external =
      ((((directory ? S_IFDIR : S_IFREG) | w.entry.mode) << 16) >>> 0) | (directory ? MSDOS_DIRECTORY : 0);
    const central = record(
      [
        [4, CENTRAL_SIGNATURE],
        [2, MADE_BY_UNIX],
        [2, VERSION],
        [2, FLAG_UTF8],
        [2, w.method],
        [2, DOS_TIME_MIDNIGHT],
        [2, DOS_DATE_1980_01_01],
        [4, w.crc],
        [4, w.compressed.length],
        [4, w.size],
        [2, w.name.length],
        [2, 0],
        [2, 0],
        [2, 0],
        [2, 0],
        [4, external >>> 0],
        [4, w.offset],
      ],
      [w.name],
    );
    parts.push(central);
    offset += central.length;
  }
  if (written.length > 0xffff) throw new Error('too many entries for zip without zip64');
  parts.push(
    record(
      [
        [4, END_SIGNATURE],
        [2, 0],
        [2, 0],
        [2, written.length],
        [2, written.length],
        [4, offset - centralStart],
        [4, centralStart],
        [2, 0],
      ],
      [],
    ),
  );
  const out = new Uint8Array(offset + 22);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
