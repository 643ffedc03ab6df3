/**
 * Strict UTF-8 for inventory files. Node's `toString('utf8')` replaces every invalid byte with
 * U+FFFD, which would let a Latin-1 `é` or a UTF-16 file become text nobody wrote. This finds the
 * first invalid byte of each line so that the loader can say where, instead.
 */

/** Length of the valid UTF-8 sequence starting at `i`, or 0 when the bytes there are no character. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i] ?? 0;
  if (b < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => {
    const c = bytes[i + k];
    return c !== undefined && c >= lo && c <= hi;
  };
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const [lo, hi] = b === 0xe0 ? [0xa0, 0xbf] : b === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const [lo, hi] = b === 0xf0 ? [0x90, 0xbf] : b === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** Byte offsets of the first invalid byte on every line that has one (in order). */
export function invalidUtf8Offsets(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let lineHasOne = false;
  for (let i = 0; i < bytes.length;) {
    if (bytes[i] === 0x0a) lineHasOne = false;
    const n = sequenceLength(bytes, i);
    if (n === 0) {
      if (!lineHasOne) out.push(i);
      lineHasOne = true;
      i += 1;
    } else i += n;
  }
  return out;
}

/** 1-based line and column (in UTF-16 code units, as the YAML source map counts) of byte `offset`. */
export function bytePosition(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  const before = Buffer.from(bytes.subarray(start, offset)).toString('utf8');
  return { line, column: before.length + 1 };
}

/** A UTF-16 byte order mark: the file was saved as UTF-16, not UTF-8. */
export function isUtf16(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}
