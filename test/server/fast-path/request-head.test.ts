import { describe, expect, it } from 'vitest';
import { MAX_HEAD_BYTES, parseHead } from '../../../server/fast-path/request-head.js';

const parse = (text: string, start = 0): ReturnType<typeof parseHead> =>
  parseHead(Buffer.from(text, 'latin1'), start);

describe('parseHead (the fast path takes plain GET/HEAD heads only)', () => {
  it('reads a GET and a HEAD with their target, User-Agent and end', () => {
    const get = 'GET /hosts/a/meta-data?mac=52:54 HTTP/1.1\r\nHost: x\r\nUser-Agent: iPXE/1.21\r\n\r\n';
    expect(parse(get)).toEqual({
      kind: 'request',
      method: 'GET',
      target: '/hosts/a/meta-data?mac=52:54',
      userAgent: 'iPXE/1.21',
      end: get.length,
    });
    const head = parse('HEAD /boot.ipxe HTTP/1.1\r\nhost:x\r\nConnection: Keep-Alive\r\n\r\n');
    expect(head).toMatchObject({ kind: 'request', method: 'HEAD', target: '/boot.ipxe', userAgent: '' });
  });

  it('reads pipelined requests one after the other, and leaves a partial one', () => {
    const one = 'GET /a HTTP/1.1\r\nHost: x\r\n\r\n';
    const two = 'HEAD /b HTTP/1.1\r\nHost: x\r\n\r\n';
    const bytes = `${one}${two}GET /c HTTP/1.1\r\nHo`;
    const first = parse(bytes);
    expect(first).toMatchObject({ kind: 'request', target: '/a', end: one.length });
    const second = parse(bytes, one.length);
    expect(second).toMatchObject({ kind: 'request', target: '/b', end: one.length + two.length });
    expect(parse(bytes, one.length + two.length)).toEqual({ kind: 'handoff', reason: 'incomplete' });
  });

  it('hands malformed request lines to node:http', () => {
    for (const line of [
      'get / HTTP/1.1',
      'GET  / HTTP/1.1',
      'GET / HTTP/1.0',
      'GET / HTTP/2.0',
      'GET http://x/ HTTP/1.1',
      'GET * HTTP/1.1',
      'GET /a b HTTP/1.1',
      'GET / HTTP/1.1 ',
      'POST /report/a HTTP/1.1',
      'OPTIONS / HTTP/1.1',
      'GET /\u00e9 HTTP/1.1',
    ])
      expect(parse(`${line}\r\nHost: x\r\n\r\n`), line).toEqual({ kind: 'handoff', reason: 'not-plain' });
  });

  it('hands malformed headers to node:http: bare LF or CR, NUL, folding, bad names, missing or duplicate Host', () => {
    for (const head of [
      'GET / HTTP/1.1\nHost: x\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\rY: z\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nA: b\u0000c\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nA: b\r\n  folded\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nBad Name: b\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nNoColon\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\n: empty\r\n\r\n',
      'GET / HTTP/1.1\r\nHost : x\r\n\r\n',
      'GET / HTTP/1.1\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: a\r\nUser-Agent: b\r\n\r\n',
      'GET / HTTP/1.1\r\nHost: x\r\nA: \u0080\r\n\r\n',
    ])
      expect(parse(head), JSON.stringify(head)).toEqual({ kind: 'handoff', reason: 'not-plain' });
  });

  it('hands requests with a body, a range, a condition, Expect, Upgrade or Connection: close to node:http', () => {
    for (const header of [
      'Content-Length: 0',
      'Transfer-Encoding: chunked',
      'Range: bytes=0-1',
      'If-Range: "x"',
      'If-None-Match: "x"',
      'if-modified-since: Thu, 01 Jan 2026 00:00:00 GMT',
      'If-Match: *',
      'If-Unmodified-Since: Thu, 01 Jan 2026 00:00:00 GMT',
      'Expect: 100-continue',
      'Upgrade: websocket',
      'Connection: close',
      'Connection: keep-alive, Upgrade',
      'TE: trailers',
    ])
      expect(parse(`GET / HTTP/1.1\r\nHost: x\r\n${header}\r\n\r\n`), header).toEqual({
        kind: 'handoff',
        reason: 'not-plain',
      });
  });

  it("hands heads over node:http's 16 KiB limit to it (431), complete or not", () => {
    const filler = `X-Filler: ${'a'.repeat(MAX_HEAD_BYTES)}\r\n`;
    expect(parse(`GET / HTTP/1.1\r\nHost: x\r\n${filler}\r\n`)).toEqual({
      kind: 'handoff',
      reason: 'too-large',
    });
    expect(parse(`GET / HTTP/1.1\r\nHost: x\r\n${filler}`)).toEqual({ kind: 'handoff', reason: 'too-large' });
    expect(parse('GET / HTTP/1.1\r\nHost: x\r\n')).toEqual({ kind: 'handoff', reason: 'incomplete' });
  });
});
