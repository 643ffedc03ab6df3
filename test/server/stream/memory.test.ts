/**
 * Memory stays flat in the number of downloads: 64 slow clients on a 50 MB asset, against the
 * real CLI (one serving process). The bound: RSS grows by at most the asset pool (32 x 1 MiB)
 * plus 16 MiB for 64 connections' sockets, parsers and bookkeeping (48 MiB in all), where reading
 * ahead without backpressure would hold the whole asset per client (3 GB).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeOut } from '../out-fixture.js';
import { builtCli, rssBytes, startServe, type ServeProcess } from '../serve-process.js';

const MiB = 1 << 20;
const ASSET = 50 * MiB;
const CLIENTS = 64;
const BOUND = 48 * MiB;

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bootforge-memory-'));
  await writeOut(join(dir, 'out'), 'v1');
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'assets', 'initrd.img'), Buffer.alloc(ASSET, 0x5a));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A client reading `perTick` bytes every 20 ms, for `ms`; resolves with what it read. */
function slowClient(port: number, perTick: number, ms: number): Promise<number> {
  return new Promise((resolve) => {
    let got = 0;
    const req = request({ host: '127.0.0.1', port, path: '/assets/initrd.img', agent: false }, (res) => {
      res.pause();
      const tick = setInterval(() => {
        let budget = perTick;
        let chunk: Buffer | null;
        while (budget > 0 && (chunk = res.read() as Buffer | null)) {
          got += chunk.length;
          budget -= chunk.length;
        }
      }, 20);
      setTimeout(() => {
        clearInterval(tick);
        req.destroy();
        resolve(got);
      }, ms);
    });
    req.on('error', () => undefined);
    req.end();
  });
}

describe('asset memory', () => {
  it(`keeps RSS within ${BOUND / MiB} MiB of idle with ${CLIENTS} slow clients on a 50 MB asset`, async (context) => {
    if (!builtCli()) context.skip('dist/ not built');
    const serve: ServeProcess = await startServe([
      join(dir, 'out'),
      '--listen',
      '127.0.0.1:0',
      '--assets',
      join(dir, 'assets'),
      '--access-log',
      join(dir, 'access.log'),
      '--workers',
      '1',
    ]);
    try {
      const pid = serve.child.pid ?? 0;
      // Warm the server up (first request, JIT) before taking its idle size.
      await slowClient(serve.port, 4 * MiB, 200);
      await new Promise((r) => setTimeout(r, 200));
      const idle = rssBytes(pid);
      let peak = idle;
      const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 25);
      const read = await Promise.all(
        Array.from({ length: CLIENTS }, () => slowClient(serve.port, 128 * 1024, 1500)),
      );
      clearInterval(sampler);
      // Every client was being served (none starved), none got the whole asset.
      for (const bytes of read) {
        expect(bytes).toBeGreaterThan(0);
        expect(bytes).toBeLessThan(ASSET);
      }
      expect(peak - idle).toBeLessThan(BOUND);
      context.annotate(`idle ${(idle / MiB).toFixed(1)} MiB, peak ${(peak / MiB).toFixed(1)} MiB`);
    } finally {
      await serve.stop();
    }
  });
});
