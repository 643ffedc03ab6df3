/**
 * gzip with a reproducible header: node's zlib writes MTIME 0 and no file name; the OS byte is
 * platform-dependent, so it is pinned to 3 (Unix). Same input, same zlib => same bytes.
 */
import { gzipSync } from 'node:zlib';

const OS_BYTE = 9;
const OS_UNIX = 3;

/** zlib's default (gzip -6): the speed/size balance for everything without a size limit. */
export const GZIP_LEVEL_FAST = 6;
/** gzip -9: only where a platform limit makes the last percent count. */
export const GZIP_LEVEL_SMALLEST = 9;

export function deterministicGzip(data: Uint8Array | string, level: number): Uint8Array {
  const out = gzipSync(typeof data === 'string' ? Buffer.from(data, 'utf8') : data, { level });
  out[OS_BYTE] = OS_UNIX;
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** Length of the base64 text for `bytes` bytes: ceil(n/3)*4. */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}
