/**
 * Conditional requests (RFC 9110 §13): If-None-Match (weak comparison, lists, `*`), and
 * If-Modified-Since when there is no If-None-Match; If-Range (strong ETag, or the exact
 * Last-Modified date) decides whether a Range is honoured or the whole file is sent.
 */

/** The entity tags of an If-None-Match or If-Range header, `W/` kept. */
function tags(header: string): string[] {
  return header.match(/(?:W\/)?"[^"]*"|\*/g) ?? [];
}

const opaque = (tag: string): string => (tag.startsWith('W/') ? tag.slice(2) : tag);

/** True when the client's copy is current: answer 304. */
export function notModified(
  headers: { 'if-none-match'?: string | undefined; 'if-modified-since'?: string | undefined },
  etag: string,
  lastModifiedSeconds?: number,
): boolean {
  const noneMatch = headers['if-none-match'];
  if (noneMatch !== undefined) {
    const listed = tags(noneMatch);
    return listed.includes('*') || listed.some((tag) => opaque(tag) === opaque(etag));
  }
  const since = headers['if-modified-since'];
  if (since === undefined || lastModifiedSeconds === undefined) return false;
  const date = Date.parse(since);
  return Number.isFinite(date) && lastModifiedSeconds <= Math.floor(date / 1000);
}

/** True when a Range may be honoured: no If-Range, or it names this version exactly. */
export function rangeStillValid(ifRange: string | undefined, etag: string, lastModified?: string): boolean {
  if (ifRange === undefined) return true;
  const value = ifRange.trim();
  if (value.startsWith('"')) return value === etag;
  if (value.startsWith('W/')) return false;
  return lastModified !== undefined && value === lastModified;
}

/** A header that may repeat, as one value (the first). */
export function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
