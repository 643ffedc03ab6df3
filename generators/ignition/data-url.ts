/**
 * RFC 2397 data URLs for Ignition `contents.source`. Both spellings are produced and the shorter
 * one kept: percent-encoding for mostly-ASCII text (unit files, configs), base64 for the rest.
 */

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

export function dataUrl(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  let percentLength = 0;
  for (const byte of bytes) percentLength += (SPELLING[byte] ?? '').length;
  const base64Length = 4 * Math.ceil(bytes.length / 3) + ';base64'.length;
  return base64Length < percentLength
    ? `data:;base64,${bytes.toString('base64')}`
    : `data:,${percentEncode(bytes)}`;
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
