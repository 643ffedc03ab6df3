/**
 * Asset streaming over a real socket: multi-chunk files whole and by range, resume after a cut,
 * conditional requests, slow and vanishing clients, and the pool bound that keeps memory flat.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBootServer, type BootServer } from '../../../server/boot-server.js';
import { fetchRaw } from '../http-client.js';
import { writeOut } from '../out-fixture.js';

const MiB = 1 << 20;
// 3.5 chunks: the last chunk is short, and ranges cross chunk boundaries.
const SIZE = 3 * MiB + MiB / 2 + 7;
const asset = Buffer.alloc(SIZE);
for (let i = 0; i + 4 <= SIZE; i += 4) asset.writeUInt32LE(Math.imul(i, 2654435761) >>> 0, i);
const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

let dir: string;
let server: BootServer;
let port: number;
const logLines: string[] = [];
const POOL = 4;
const BIG = 40 * MiB;
const BIG_PATH = '/assets/el9/big.img';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bootforge-stream-'));
  await writeOut(join(dir, 'out'), 'v1');
  await mkdir(join(dir, 'assets', 'el9'), { recursive: true });
  await writeFile(join(dir, 'assets', 'el9', 'initrd.img'), asset);
  // Bigger than what loopback's socket buffers hold, so a client that stops reading stalls the send.
  await writeFile(join(dir, 'assets', 'el9', 'big.img'), Buffer.alloc(BIG, 7));
  server = await createBootServer({
    outDir: join(dir, 'out'),
    assetsDir: join(dir, 'assets'),
    pollIntervalMs: 0,
    assetBuffers: POOL,
    log: (line) => logLines.push(line),
  });
  port = (await server.listen('127.0.0.1', 0)).port;
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const PATH = '/assets/el9/initrd.img';

/** Reads a response slowly: `bytesPerTick` every `tickMs`, with the socket paused in between. */
function slowGet(options: {
  bytesPerTick: number;
  tickMs: number;
  stopAfter?: number;
  path?: string;
}): Promise<{ status: number; body: Buffer; complete: boolean }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: options.path ?? PATH, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let got = 0;
      res.pause();
      const tick = setInterval(() => {
        let budget = options.bytesPerTick;
        let chunk: Buffer | null;
        while (
          budget > 0 &&
          (chunk = res.read(Math.min(budget, res.readableLength || budget)) as Buffer | null)
        ) {
          chunks.push(chunk);
          got += chunk.length;
          budget -= chunk.length;
        }
        if (options.stopAfter !== undefined && got >= options.stopAfter) {
          clearInterval(tick);
          req.destroy();
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), complete: false });
        }
      }, options.tickMs);
      res.on('end', () => {
        clearInterval(tick);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), complete: true });
      });
      res.on('error', () => undefined);
    });
    req.on('error', (error) => (options.stopAfter === undefined ? reject(error) : undefined));
    req.end();
  });
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 100));

describe('asset streaming', () => {
  it('sends a multi-chunk file whole, byte for byte, with its length and ETag', async () => {
    const res = await fetchRaw(port, PATH);
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe(String(SIZE));
    expect(res.headers['etag']).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(sha(res.body)).toBe(sha(asset));
  });

  it('answers ranges that cross chunk boundaries, and suffix ranges', async () => {
    for (const [header, start, end] of [
      [`bytes=${MiB - 3}-${2 * MiB + 5}`, MiB - 3, 2 * MiB + 5],
      [`bytes=${3 * MiB}-`, 3 * MiB, SIZE - 1],
      ['bytes=-100', SIZE - 100, SIZE - 1],
      ['bytes=0-0', 0, 0],
    ] as const) {
      const res = await fetchRaw(port, PATH, { headers: { Range: header } });
      expect(res.status).toBe(206);
      expect(res.headers['content-range']).toBe(`bytes ${start}-${end}/${SIZE}`);
      expect(res.body.equals(asset.subarray(start, end + 1))).toBe(true);
    }
  });

  it('resumes a download cut short: If-Range with the ETag gets the rest, a stale ETag the whole file', async () => {
    const first = await slowGet({ bytesPerTick: 256 * 1024, tickMs: 5, stopAfter: MiB + 123 });
    expect(first.complete).toBe(false);
    const head = await fetchRaw(port, PATH, { method: 'HEAD' });
    const etag = String(head.headers['etag']);
    const have = first.body.length;
    const rest = await fetchRaw(port, PATH, { headers: { Range: `bytes=${have}-`, 'If-Range': etag } });
    expect(rest.status).toBe(206);
    expect(sha(Buffer.concat([first.body, rest.body]))).toBe(sha(asset));
    const stale = await fetchRaw(port, PATH, { headers: { Range: `bytes=${have}-`, 'If-Range': '"0-0"' } });
    expect(stale.status).toBe(200);
    expect(stale.body.length).toBe(SIZE);
    const dated = await fetchRaw(port, PATH, {
      headers: { Range: `bytes=${have}-`, 'If-Range': String(head.headers['last-modified']) },
    });
    expect(dated.status).toBe(206);
  });

  it('answers If-None-Match (and If-Modified-Since) with 304 and no body; HEAD with headers only', async () => {
    const head = await fetchRaw(port, PATH, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(SIZE));
    expect(head.headers['accept-ranges']).toBe('bytes');
    expect(head.body.length).toBe(0);
    const etag = String(head.headers['etag']);
    const cached = await fetchRaw(port, PATH, { headers: { 'If-None-Match': `"other", ${etag}` } });
    expect(cached.status).toBe(304);
    expect(cached.body.length).toBe(0);
    expect(cached.headers['etag']).toBe(etag);
    const weak = await fetchRaw(port, PATH, { headers: { 'If-None-Match': `W/${etag}` } });
    expect(weak.status).toBe(304);
    const changed = await fetchRaw(port, PATH, { headers: { 'If-None-Match': '"1-1"' } });
    expect(changed.status).toBe(200);
    const since = await fetchRaw(port, PATH, {
      headers: { 'If-Modified-Since': String(head.headers['last-modified']) },
    });
    expect(since.status).toBe(304);
    const headRange = await fetchRaw(port, PATH, { method: 'HEAD', headers: { Range: 'bytes=10-19' } });
    expect(headRange.status).toBe(206);
    expect(headRange.headers['content-length']).toBe('10');
    expect(headRange.body.length).toBe(0);
  });

  it('serves many slow clients at once within the pool, each getting every byte', async () => {
    // 16 clients against a pool of 4 buffers: most wait their turn for a buffer, none starve.
    const results = await Promise.all(
      Array.from({ length: 16 }, () => slowGet({ bytesPerTick: 512 * 1024, tickMs: 2 })),
    );
    for (const r of results) {
      expect(r.complete).toBe(true);
      expect(sha(r.body)).toBe(sha(asset));
    }
  });

  it('gives a vanished client its buffers back and logs the transfer as not completed', async () => {
    logLines.length = 0;
    const cuts = await Promise.all(
      Array.from({ length: 8 }, () =>
        slowGet({ bytesPerTick: 64 * 1024, tickMs: 5, stopAfter: 100_000, path: BIG_PATH }),
      ),
    );
    expect(cuts.every((c) => !c.complete)).toBe(true);
    await settle();
    // Had a buffer leaked, the pool (4) would be short and this full download would hang.
    for (let i = 0; i < POOL + 1; i++) expect(sha((await fetchRaw(port, PATH)).body)).toBe(sha(asset));
    const records = logLines
      .map((l) => JSON.parse(l) as { path?: string; reason?: string; bytes?: number })
      .filter((r) => r.path === BIG_PATH && r.reason?.includes('not completed'));
    expect(records.length).toBe(8);
    for (const r of records) expect(r.bytes ?? 0).toBeLessThan(BIG);
  });
});
