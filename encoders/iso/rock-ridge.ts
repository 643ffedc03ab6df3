/**
 * System Use Sharing Protocol (SUSP 1.10) and Rock Ridge (RRIP 1.10, "RRIP_1991A") entries that
 * go into the system use field of the primary tree's directory records.
 */
import { putBoth32 } from './bytes.js';

const RRIP_ID = 'RRIP_1991A';
const RRIP_DESCRIPTOR =
  'THE ROCK RIDGE INTERCHANGE PROTOCOL PROVIDES SUPPORT FOR POSIX FILE SYSTEM SEMANTICS';
const RRIP_SOURCE =
  'PLEASE CONTACT DISC PUBLISHER FOR SPECIFICATION SOURCE.  SEE PUBLISHER IDENTIFIER IN PRIMARY VOLUME DESCRIPTOR FOR CONTACT INFORMATION.';

function entry(signature: string, body: readonly number[] | Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + body.length);
  out[0] = signature.charCodeAt(0);
  out[1] = signature.charCodeAt(1);
  out[2] = out.length;
  out[3] = 1;
  out.set(body, 4);
  return out;
}

/** SUSP SP: marks SUSP use; first entry of the root directory's "." record. */
export function spEntry(): Uint8Array {
  return entry('SP', [0xbe, 0xef, 0]);
}

/** SUSP CE: the rest of this record's system use field lives at block:offset, `length` bytes. */
export function ceEntry(block: number, offset: number, length: number): Uint8Array {
  const body = new Uint8Array(24);
  putBoth32(body, 0, block);
  putBoth32(body, 8, offset);
  putBoth32(body, 16, length);
  return entry('CE', body);
}

/** SUSP ER: declares the Rock Ridge extension (goes in the root "." continuation area). */
export function erEntry(): Uint8Array {
  const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
  return entry('ER', [
    RRIP_ID.length,
    RRIP_DESCRIPTOR.length,
    RRIP_SOURCE.length,
    1,
    ...ascii(RRIP_ID),
    ...ascii(RRIP_DESCRIPTOR),
    ...ascii(RRIP_SOURCE),
  ]);
}

/** RRIP 1.09 RR: which Rock Ridge entries follow (old Linux kernels look for it). */
export function rrEntry(flags: { px: boolean; nm: boolean }): Uint8Array {
  return entry('RR', [(flags.px ? 0x01 : 0) | (flags.nm ? 0x08 : 0)]);
}

/** RRIP PX: POSIX mode (with file type bits), link count, uid, gid (RRIP 1.10 layout, 36 bytes). */
export function pxEntry(mode: number, links: number, uid = 0, gid = 0): Uint8Array {
  const body = new Uint8Array(32);
  putBoth32(body, 0, mode);
  putBoth32(body, 8, links);
  putBoth32(body, 16, uid);
  putBoth32(body, 24, gid);
  return entry('PX', body);
}

/** RRIP NM: the POSIX file name. */
export function nmEntry(name: string): Uint8Array {
  const bytes = new TextEncoder().encode(name);
  if (bytes.length > 250) throw new Error(`Rock Ridge name too long for one NM entry: ${name}`);
  return entry('NM', [0, ...bytes]);
}

export const S_IFDIR = 0o040000;
export const S_IFREG = 0o100000;
