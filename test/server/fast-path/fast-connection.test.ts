import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBootServer, type BootServer } from '../../../server/boot-server.js';
import { writeOut } from '../out-fixture.js';

let dir: string;
let server: BootServer;
let port: number;
const log: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bootforge-fast-path-'));
  await writeOut(join(dir, 'out'), 'v1');
  server = await createBootServer({
    outDir: join(dir, 'out'),
    pollIntervalMs: 0,
    log: (line) => log.push(line),
    acceptHandles: 1,
  });
  port = (await server.listen('127.0.0.1', 0)).port;
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

interface Conversation {
  received: string;
  closed: boolean;
}

/** Sends each piece as its own write (a pause between them), then waits until the server is quiet. */
async function converse(pieces: readonly string[], from = '127.0.0.1', quietMs = 300): Promise<Conversation> {
  const socket = connect({ host: '127.0.0.1', port, localAddress: from });
  const result: Conversation = { received: '', closed: false };
  const heard = { last: 0 };
  socket.on('data', (chunk: Buffer) => {
    result.received += chunk.toString('latin1');
    heard.last = Date.now();
  });
  socket.on('close', () => (result.closed = true));
  socket.on('error', () => undefined);
  await new Promise<void>((done) => socket.once('connect', () => done()));
  for (const piece of pieces) {
    socket.write(piece, 'latin1');
    await new Promise((r) => setTimeout(r, 50));
  }
  heard.last = Date.now();
  while (!result.closed && Date.now() - heard.last < quietMs) await new Promise((r) => setTimeout(r, 20));
  socket.destroy();
  return result;
}

const GET = (path: string, extra = ''): string => `GET ${path} HTTP/1.1\r\nHost: test\r\n${extra}\r\n`;
const statuses = (text: string): string[] =>
  [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => m[1] ?? '');
const withoutDate = (text: string): string => text.replace(/\r\nDate: [^\r]*/g, '');

describe('fast path: plain GET/HEAD of a file, answered without node:http', () => {
  it('answers byte for byte what node:http answers (Date aside), and logs and counts it the same', async () => {
    log.length = 0;
    const fast = await converse([GET('/boot.ipxe')]);
    // If-None-Match that matches nothing: node:http answers the same 200.
    const slow = await converse([GET('/boot.ipxe', 'If-None-Match: "other"\r\n')]);
    expect(statuses(fast.received)).toEqual(['200']);
    expect(withoutDate(fast.received)).toBe(withoutDate(slow.received));
    expect(fast.received).toMatch(/\r\nDate: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT\r\n/);
    expect(fast.received).toContain(
      '\r\nConnection: keep-alive\r\nKeep-Alive: timeout=75\r\n\r\n#!ipxe\n# v1\n',
    );
    const bytes = Number(/Content-Length: (\d+)/.exec(fast.received)?.[1]);
    expect(bytes).toBeGreaterThan(0);
    const lines = log.map((l) => JSON.parse(l) as Record<string, unknown>);
    const strip = (line: Record<string, unknown>): Record<string, unknown> => {
      const { time, ms, ...rest } = line;
      expect(typeof time).toBe('string');
      expect(typeof ms).toBe('number');
      return rest;
    };
    expect(lines.map(strip)).toEqual([
      { remote: '127.0.0.1', method: 'GET', path: '/boot.ipxe', route: 'boot', status: 200, bytes },
      { remote: '127.0.0.1', method: 'GET', path: '/boot.ipxe', route: 'boot', status: 200, bytes },
    ]);
    const metrics = server.metrics.render({ generation: 1, loadedAtSeconds: 0, files: 0, hosts: 0 });
    expect(metrics).toContain('bootforge_http_requests_total{route="boot",status="200"} 2\n');
    expect(metrics).toContain(`bootforge_http_response_bytes_total{route="boot"} ${2 * bytes}\n`);
  });

  it('answers HEAD with the same head and no body', async () => {
    const head = await converse([`HEAD /boot.ipxe HTTP/1.1\r\nHost: test\r\n\r\n${GET('/boot.ipxe')}`]);
    const [first, second] = head.received.split(/(?=HTTP\/1\.1 )/);
    expect(statuses(head.received)).toEqual(['200', '200']);
    expect(first?.endsWith('\r\n\r\n')).toBe(true);
    expect(withoutDate(second ?? '').startsWith(withoutDate(first ?? ''))).toBe(true);
  });

  it('answers pipelined requests in order, then hands the connection over mid-stream at the first it does not take', async () => {
    const pieces = [
      `${GET('/boot.ipxe')}${GET('/hosts/knode2/meta-data')}${GET('/boot.ipxe', 'Range: bytes=0-5\r\n')}${GET('/nope')}${GET('/boot.ipxe')}`,
    ];
    const { received, closed } = await converse(pieces);
    expect(statuses(received)).toEqual(['200', '200', '206', '404', '200']);
    expect(received).toContain('Content-Range: bytes 0-5/');
    expect(closed).toBe(false);
  });

  it('hands over a head split across packets, and node:http answers it whole', async () => {
    const request = GET('/hosts/knode2/meta-data');
    const { received } = await converse([
      GET('/boot.ipxe'),
      request.slice(0, 9),
      request.slice(9, 30),
      request.slice(30),
    ]);
    expect(statuses(received)).toEqual(['200', '200']);
    expect(received).toMatch(/instance-id/);
  });

  it('answers 304 for a matching If-None-Match (through node:http)', async () => {
    const first = await converse([GET('/boot.ipxe')]);
    const etag = /ETag: ("[^"]+")/.exec(first.received)?.[1] ?? '';
    expect(etag).not.toBe('');
    const again = await converse([GET('/boot.ipxe', `If-None-Match: ${etag}\r\n`)]);
    expect(statuses(again.received)).toEqual(['304']);
  });

  it('leaves malformed input to node:http: 400 and the connection closed', async () => {
    for (const bad of [
      'GET /boot.ipxe HTTP/1.1\r\nHost: test\r\nBad Header\r\n\r\n',
      'GET /boot.ipxe HTTP/1.1\nHost: test\r\n\r\n',
      'GARBAGE\r\n\r\n',
      `${GET('/boot.ipxe')}GET /boot.ipxe HTTP/1.1\r\nHost: test\r\nA: b\u0000\r\n\r\n`,
    ]) {
      const { received, closed } = await converse([bad]);
      expect(statuses(received).at(-1), JSON.stringify(bad)).toBe('400');
      expect(closed).toBe(true);
    }
  });

  it('leaves oversized heads to node:http (its header overflow, answered 400 like all malformed input), and a missing Host (400)', async () => {
    const big = await converse([
      `GET /boot.ipxe HTTP/1.1\r\nHost: test\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    ]);
    expect(statuses(big.received)).toEqual(['400']);
    expect(big.closed).toBe(true);
    const noHost = await converse(['GET /boot.ipxe HTTP/1.1\r\n\r\n']);
    expect(statuses(noHost.received)).toEqual(['400']);
  });

  it('leaves a GET with a chunked body to node:http, which reads the body and answers the next request too', async () => {
    const { received } = await converse([
      `GET /boot.ipxe HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n${GET('/hosts/knode2/meta-data')}`,
    ]);
    expect(statuses(received)).toEqual(['200', '200']);
    expect(received).toMatch(/instance-id/);
  });

  it('honours Connection: close (through node:http) and HTTP/1.0', async () => {
    const close = await converse([GET('/boot.ipxe', 'Connection: close\r\n')], '127.0.0.1', 2000);
    expect(statuses(close.received)).toEqual(['200']);
    expect(close.received).toContain('Connection: close');
    expect(close.closed).toBe(true);
    const old = await converse(['GET /boot.ipxe HTTP/1.0\r\n\r\n'], '127.0.0.1', 2000);
    expect(statuses(old.received)).toEqual(['200']);
    expect(old.closed).toBe(true);
  });

  it('keeps the secret rule: a host secret only to its address, other routes to node:http', async () => {
    const other = await converse([GET('/hosts/knode1/user-data')], '127.0.0.12');
    expect(statuses(other.received)).toEqual(['403']);
    const own = await converse([GET('/hosts/knode1/user-data')], '127.0.0.11');
    expect(statuses(own.received)).toEqual(['200']);
    expect(own.received).toContain('Cache-Control: no-store');
    const post = await converse([`POST /boot.ipxe HTTP/1.1\r\nHost: test\r\nContent-Length: 0\r\n\r\n`]);
    expect(statuses(post.received)).toEqual(['405']);
    const health = await converse([GET('/healthz')]);
    expect(statuses(health.received)).toEqual(['200']);
  });

  it('closes a connection the client ended once its answers are written', async () => {
    const socket = connect({ host: '127.0.0.1', port });
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    const closed = new Promise<void>((done) => socket.on('close', () => done()));
    socket.end(GET('/boot.ipxe'));
    await closed;
    expect(statuses(received)).toEqual(['200']);
  });
});
