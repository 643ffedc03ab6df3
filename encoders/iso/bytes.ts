/**
 * Byte-level field writers for ISO 9660 (ECMA-119 section 7): little-, big- and both-endian
 * integers, padded character fields, and the two date formats.
 */

export const SECTOR_SIZE = 2048;

/** 7.2.3: a 16-bit number recorded little-endian then big-endian. */
export function putBoth16(buf: Uint8Array, offset: number, value: number): void {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  view.setUint16(offset, value, true);
  view.setUint16(offset + 2, value, false);
}

/** 7.3.3: a 32-bit number recorded little-endian then big-endian. */
export function putBoth32(buf: Uint8Array, offset: number, value: number): void {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  view.setUint32(offset, value, true);
  view.setUint32(offset + 4, value, false);
}

export function putLE32(buf: Uint8Array, offset: number, value: number): void {
  new DataView(buf.buffer, buf.byteOffset, buf.byteLength).setUint32(offset, value, true);
}

export function putBE32(buf: Uint8Array, offset: number, value: number): void {
  new DataView(buf.buffer, buf.byteOffset, buf.byteLength).setUint32(offset, value, false);
}

export function putLE16(buf: Uint8Array, offset: number, value: number): void {
  new DataView(buf.buffer, buf.byteOffset, buf.byteLength).setUint16(offset, value, true);
}

export function putBE16(buf: Uint8Array, offset: number, value: number): void {
  new DataView(buf.buffer, buf.byteOffset, buf.byteLength).setUint16(offset, value, false);
}

/** An ASCII field of `length` bytes, padded with spaces (the filler of a- and d-character fields). */
export function putAscii(buf: Uint8Array, offset: number, length: number, text: string): void {
  for (let i = 0; i < length; i++) buf[offset + i] = i < text.length ? text.charCodeAt(i) & 0x7f : 0x20;
}

/** A UCS-2 big-endian field (Joliet) of `length` bytes, padded with U+0020. */
export function putUcs2(buf: Uint8Array, offset: number, length: number, text: string): void {
  const encoded = ucs2(text);
  for (let i = 0; i + 1 < length; i += 2) {
    const hi = i < encoded.length ? encoded[i]! : 0x00;
    const lo = i < encoded.length ? encoded[i + 1]! : 0x20;
    buf[offset + i] = hi;
    buf[offset + i + 1] = lo;
  }
}

/** UCS-2 big-endian bytes of a string of BMP characters. */
export function ucs2(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out[i * 2] = code >> 8;
    out[i * 2 + 1] = code & 0xff;
  }
  return out;
}

/** 9.1.5: the 7-byte recording date of a directory record (UTC, offset 0). */
export function putDirectoryDate(buf: Uint8Array, offset: number, date: Date): void {
  buf[offset] = date.getUTCFullYear() - 1900;
  buf[offset + 1] = date.getUTCMonth() + 1;
  buf[offset + 2] = date.getUTCDate();
  buf[offset + 3] = date.getUTCHours();
  buf[offset + 4] = date.getUTCMinutes();
  buf[offset + 5] = date.getUTCSeconds();
  buf[offset + 6] = 0;
}

/** 8.4.26.1: the 17-byte volume descriptor date `YYYYMMDDHHMMSScc` + GMT offset; null = not specified. */
export function putVolumeDate(buf: Uint8Array, offset: number, date: Date | null): void {
  if (date === null) {
    putAscii(buf, offset, 16, '0000000000000000');
    buf[offset + 16] = 0;
    return;
  }
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  const text =
    pad(date.getUTCFullYear(), 4) +
    pad(date.getUTCMonth() + 1, 2) +
    pad(date.getUTCDate(), 2) +
    pad(date.getUTCHours(), 2) +
    pad(date.getUTCMinutes(), 2) +
    pad(date.getUTCSeconds(), 2) +
    '00';
  putAscii(buf, offset, 16, text);
  buf[offset + 16] = 0;
}

export function sectorsFor(byteLength: number): number {
  return Math.ceil(byteLength / SECTOR_SIZE);
}
