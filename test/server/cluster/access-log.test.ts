/**
 * The access log under `serve --workers 2` (issue 13.5), as real processes: each worker appends to
 * the file itself; on SIGHUP the primary makes every worker reopen it (after a rename); with
 * --access-log-max-size only the primary renames (a worker over the size asks), so rotations are
 * never raced. Every request's line lands exactly once, whole, in one of the files.
 */
import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchRaw } from '../http-client.js';
import { writeOut } from '../out-fixture.js';
import { builtCli, startServe } from '../serve-process.js';

const ready = builtCli();
let dir: string;
let out: string;

beforeAll(async () => {
  if (!ready) return;
  dir = await mkdtemp(join(tmpdir(), 'bootforge-workers-log-'));
  out = join(dir, 'out');
  await writeOut(out, 'v1');
});
afterAll(async () => {
  if (ready) await rm(dir, { recursive: true, force: true });
});

/** The `n` of every `/boot.ipxe?n=<n>` line in the files; JSON.parse fails on a split line. */
async function requestNumbers(files: string[]): Promise<number[]> {
  const found: number[] = [];
  for (const file of files) {
    for (const line of (await readFile(file, 'utf8')).split('\n').filter(Boolean)) {
      const record = JSON.parse(line) as { path?: string };
      const n = /^\/boot\.ipxe\?n=(\d+)$/.exec(record.path ?? '')?.[1];
      if (n !== undefined) found.push(Number(n));
    }
  }
  return found.sort((a, b) => a - b);
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);
const ask = (port: number, from: number, to: number): Promise<unknown> =>
  Promise.all(range(from, to).map((n) => fetchRaw(port, `/boot.ipxe?n=${n}`)));
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!ready)('serve --workers 2 --access-log', () => {
  it('reopens in every worker on SIGHUP: after the reopen every line goes to the new file, none is lost', async () => {
    const log = join(dir, 'hup.log');
    const serve = await startServe([
      out,
      '--listen',
      '127.0.0.1:0',
      '--workers',
      '2',
      '--poll',
      '0',
      '--access-log',
      log,
    ]);
    try {
      await ask(serve.port, 0, 100);
      // Each worker's batch is written within 50 ms (later on a loaded machine): wait for all.
      for (let i = 0; i < 500 && (await requestNumbers([log])).length < 100; i++) await pause(20);
      await rename(log, `${log}.1`);
      await ask(serve.port, 100, 150); // to the renamed file until each worker reopens
      process.kill(serve.child.pid ?? 0, 'SIGHUP');
      // The primary reopens every worker's log before it reloads them: generation 2 means done.
      for (let i = 0; i < 500 && !(await fetchRaw(serve.port, '/healthz')).text.includes('generation 2'); i++)
        await pause(20);
      await ask(serve.port, 150, 300);
      await pause(200); // every worker's last batch flushed (50 ms)
    } finally {
      expect(await serve.stop()).toBe(0);
    }
    expect(await requestNumbers([log, `${log}.1`])).toEqual(range(0, 300));
    expect(await requestNumbers([log])).toEqual(expect.arrayContaining(range(150, 300)));
    expect(await requestNumbers([`${log}.1`])).toEqual(expect.arrayContaining(range(0, 100)));
    expect((await readFile(log, 'utf8')).includes('"event":"reload"')).toBe(true);
  }, 60_000);

  it('rotates by size through the primary alone: bounded files, numbered without gaps, every line once', async () => {
    const log = join(dir, 'size.log');
    const max = 8192;
    const serve = await startServe([
      out,
      '--listen',
      '127.0.0.1:0',
      '--workers',
      '2',
      '--poll',
      '0',
      '--access-log',
      log,
      '--access-log-max-size',
      '8k',
      '--access-log-keep',
      '500',
    ]);
    const total = 1200;
    try {
      for (let n = 0; n < total; n += 40) {
        await ask(serve.port, n, n + 40);
        await pause(60);
      }
      await pause(200);
    } finally {
      expect(await serve.stop()).toBe(0);
    }
    const names = readdirSync(dir).filter((f) => f.startsWith('size.log'));
    const rotated = names
      .filter((f) => f !== 'size.log')
      .map((f) => Number(f.slice('size.log.'.length)))
      .sort((a, b) => a - b);
    expect(rotated.length).toBeGreaterThan(10);
    expect(rotated).toEqual(range(1, rotated.length + 1));
    // Past the size by at most what the workers write before the primary's reopen reaches them.
    for (const f of names) expect(statSync(join(dir, f)).size, f).toBeLessThan(max + 64 * 1024);
    expect(await requestNumbers(names.map((f) => join(dir, f)))).toEqual(range(0, total));
  }, 120_000);
});
