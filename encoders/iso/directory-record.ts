/** ECMA-119 9.1 directory records. */
import { putBoth16, putBoth32, putDirectoryDate } from './bytes.js';

export interface DirectoryRecordFields {
  /** File identifier bytes: [0x00] for ".", [0x01] for "..", else the encoded name. */
  identifier: Uint8Array;
  extent: number;
  dataLength: number;
  directory: boolean;
  recorded: Date;
  systemUse?: Uint8Array;
}

export function directoryRecord(fields: DirectoryRecordFields): Uint8Array {
  const idLength = fields.identifier.length;
  const padding = idLength % 2 === 0 ? 1 : 0;
  const systemUse = fields.systemUse ?? new Uint8Array(0);
  let length = 33 + idLength + padding + systemUse.length;
  if (length % 2 === 1) length++;
  if (length > 255) throw new Error(`directory record too long (${length} bytes)`);
  const out = new Uint8Array(length);
  out[0] = length;
  out[1] = 0;
  putBoth32(out, 2, fields.extent);
  putBoth32(out, 10, fields.dataLength);
  putDirectoryDate(out, 18, fields.recorded);
  out[25] = fields.directory ? 0x02 : 0x00;
  out[26] = 0;
  out[27] = 0;
  putBoth16(out, 28, 1);
  out[32] = idLength;
  out.set(fields.identifier, 33);
  out.set(systemUse, 33 + idLength + padding);
  return out;
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, p) => sum + p.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
