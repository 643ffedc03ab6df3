/**
 * One JSON line per request: who asked, for which host and path, what they got, how fast. Never
 * file contents; the path is the request path (the query is kept: it carries MACs, not secrets).
 *
 * Built by hand rather than by JSON.stringify of a record (a profile of a worker under wrk spent
 * more in that and in `new Date().toISOString()` than in routing): the keys in a fixed order, the
 * strings a client controls escaped as JSON.stringify escapes them, the time formatted once per
 * second plus its milliseconds. The line is the same JSON either way.
 */
export interface AccessRecord {
  time: string;
  remote: string;
  method: string;
  path: string;
  route: string;
  host?: string | undefined;
  status: number;
  bytes: number;
  ms: number;
  /** The one-line reason of a refusal or error. */
  reason?: string | undefined;
}

/** A string as a JSON string literal; without anything to escape (the usual case), as it is. */
function quoted(text: string): string {
  // Quotes, backslashes, control characters and anything beyond ASCII (lone surrogates) go the
  // long way, so the output is exactly JSON.stringify's.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || c > 0x7e) return JSON.stringify(text);
  }
  return `"${text}"`;
}

/** Keys in this order: time, remote, method, path, route, status, bytes, ms, host, reason. */
export function formatAccessLine(record: AccessRecord): string {
  const host = record.host === undefined ? '' : `,"host":${quoted(record.host)}`;
  const reason = record.reason === undefined ? '' : `,"reason":${quoted(record.reason)}`;
  return (
    `{"time":"${record.time}","remote":${quoted(record.remote)},"method":${quoted(record.method)},` +
    `"path":${quoted(record.path)},"route":${quoted(record.route)},"status":${record.status},` +
    `"bytes":${record.bytes},"ms":${record.ms}${host}${reason}}\n`
  );
}

let second = Number.NaN;
let secondPrefix = '';

/** `new Date(now).toISOString()`, with the date and time up to the second formatted once per second. */
export function isoTime(now: number = Date.now()): string {
  const s = Math.floor(now / 1000);
  if (s !== second) {
    second = s;
    // "2026-12-03T08:55:31." of "2026-12-03T08:55:31.123Z".
    secondPrefix = new Date(s * 1000).toISOString().slice(0, -4);
  }
  const ms = now - s * 1000;
  return `${secondPrefix}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z`;
}

/** Where log lines go; the CLI hands in a buffered stream writer, tests an array. */
export type LogSink = (line: string) => void;
