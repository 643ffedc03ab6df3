/**
 * The request heads the fast path (server/fast-path/fast-connection.ts) answers itself, read from
 * the bytes of a connection: a strict, deliberately narrow HTTP/1.1 parser. It accepts one shape,
 * `GET|HEAD <origin-form target> HTTP/1.1`, CRLF line ends, token header names, exactly one Host,
 * no body (no Content-Length or Transfer-Encoding), and no header that asks for more than the
 * whole file (Range, If-Range, conditionals, Expect, Upgrade, Connection other than keep-alive).
 * Everything else, malformed input included, is `handoff`: node:http reads it from the same
 * bytes and answers it as it always has (400 for malformed, 431 for oversized heads, 405, 304,
 * 206, Connection: close, its header and request timeouts). The fast path never answers an error.
 */

/** node:http's default limit on a request head (--max-http-header-size). */
export const MAX_HEAD_BYTES = 16 * 1024;

export interface FastRequest {
  kind: 'request';
  method: 'GET' | 'HEAD';
  /** The raw request target, as node:http's `req.url`. */
  target: string;
  userAgent: string;
  /** Offset just past the head's blank line: where the next pipelined request starts. */
  end: number;
}

/** Not for the fast path: node:http answers it (or waits for the rest of it) from these bytes on. */
export interface Handoff {
  kind: 'handoff';
  reason: 'incomplete' | 'too-large' | 'not-plain';
}

export type HeadParse = FastRequest | Handoff;

const INCOMPLETE: Handoff = { kind: 'handoff', reason: 'incomplete' };
const TOO_LARGE: Handoff = { kind: 'handoff', reason: 'too-large' };
const NOT_PLAIN: Handoff = { kind: 'handoff', reason: 'not-plain' };

/** Headers whose presence means the answer is not the plain whole file (node:http decides). */
const NOT_PLAIN_HEADERS = new Set([
  'content-length',
  'transfer-encoding',
  'range',
  'if-range',
  'if-none-match',
  'if-modified-since',
  'if-match',
  'if-unmodified-since',
  'expect',
  'upgrade',
  'trailer',
  'te',
]);

const REQUEST_LINE = /^(GET|HEAD) (\/[!-~]*) HTTP\/1\.1$/;
// A token name, a colon, optional whitespace, a value of visible characters and inner spaces/tabs.
const HEADER_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*(.*?)[ \t]*$/;

/** True when every byte is printable ASCII, tab, or part of a CRLF pair. */
function plainBytes(head: string): boolean {
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) continue;
    if (c === 0x09) continue;
    if (c === 0x0d && head.charCodeAt(i + 1) === 0x0a) {
      i += 1;
      continue;
    }
    return false;
  }
  return true;
}

/** Reads the request head starting at `start` of `bytes`. */
export function parseHead(bytes: Buffer, start: number): HeadParse {
  const blank = bytes.indexOf('\r\n\r\n', start, 'latin1');
  if (blank === -1) return bytes.length - start >= MAX_HEAD_BYTES ? TOO_LARGE : INCOMPLETE;
  const end = blank + 4;
  if (end - start > MAX_HEAD_BYTES) return TOO_LARGE;
  const head = bytes.toString('latin1', start, blank);
  if (!plainBytes(head)) return NOT_PLAIN;
  const lines = head.split('\r\n');
  const requestLine = REQUEST_LINE.exec(lines[0] ?? '');
  if (requestLine === null) return NOT_PLAIN;
  let hosts = 0;
  let userAgent: string | undefined;
  for (let i = 1; i < lines.length; i++) {
    const header = HEADER_LINE.exec(lines[i] ?? '');
    if (header === null) return NOT_PLAIN;
    const name = (header[1] ?? '').toLowerCase();
    const value = header[2] ?? '';
    if (NOT_PLAIN_HEADERS.has(name)) return NOT_PLAIN;
    if (name === 'host') hosts += 1;
    else if (name === 'user-agent') {
      // node:http keeps the first of duplicates; leave such oddities to it.
      if (userAgent !== undefined) return NOT_PLAIN;
      userAgent = value;
    } else if (name === 'connection' && value.toLowerCase() !== 'keep-alive') return NOT_PLAIN;
  }
  if (hosts !== 1) return NOT_PLAIN;
  return {
    kind: 'request',
    method: requestLine[1] === 'HEAD' ? 'HEAD' : 'GET',
    target: requestLine[2] ?? '/',
    userAgent: userAgent ?? '',
    end,
  };
}
