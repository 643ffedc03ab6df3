import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBootServer, type BootServer } from '../../server/boot-server.js';
import { fetchRaw } from './http-client.js';
import { fixtureFiles, sha256, swapOut, writeOut } from './out-fixture.js';

let dir: string;
let out: string;
let server: BootServer;
let port: number;
let events: Record<string, unknown>[];

async function start(pollIntervalMs: number): Promise<void> {
  server = await createBootServer({
    outDir: out,
    pollIntervalMs,
    allowAnySource: true,
    log: (line) => {
      const record = JSON.parse(line) as Record<string, unknown>;
      if (record['event'] !== undefined) events.push(record);
    },
  });
  port = (await server.listen('127.0.0.1', 0)).port;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bootforge-reload-'));
  out = join(dir, 'out');
  events = [];
  await writeOut(out, 'v1');
});

afterEach(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('reloading a regenerated OUT', () => {
  it('swaps atomically while requests hammer it: every response is wholly one version', async () => {
    await start(10);
    const versions = ['v1', 'v2', 'v3', 'v4', 'v5', 'v6'];
    const expected = new Map<string, Set<string>>();
    for (const version of versions) {
      for (const file of fixtureFiles(version)) {
        const set = expected.get(file.path) ?? new Set<string>();
        set.add(file.content);
        expected.set(file.path, set);
      }
    }
    const paths = [
      'hosts/knode1/user-data',
      'hosts/knode2/ks.cfg',
      'pxe/boot.ipxe',
      'hosts/knode3/config.ign',
      'pxe/ipxe/52-54-00-00-00-12.ipxe',
    ];
    let stop = false;
    let checked = 0;
    const seen = new Set<string>();
    const worker = async (offset: number): Promise<void> => {
      // Bounded: stops when the swaps are done, or after 4000 requests per worker at most.
      for (let i = offset; !stop && i < offset + 4000; i++) {
        const path = paths[i % paths.length]!;
        const res = await fetchRaw(port, `/${path}`);
        expect(res.status).toBe(200);
        expect(expected.get(path)?.has(res.text), `${path}: ${res.text}`).toBe(true);
        expect(res.headers.etag).toBe(`"${sha256(res.body)}"`);
        seen.add(/v\d/.exec(res.text)?.[0] ?? '');
        checked++;
      }
    };
    const workers = Array.from({ length: 8 }, (_, i) => worker(i));
    for (const version of versions.slice(1)) {
      await new Promise((r) => setTimeout(r, 40));
      await swapOut(out, version);
      await until(
        () => server.snapshot().files.get('pxe/boot.ipxe')?.bytes.toString().includes(version) ?? false,
        version,
      );
    }
    await new Promise((r) => setTimeout(r, 40));
    stop = true;
    await Promise.all(workers);
    expect(checked).toBeGreaterThan(100);
    expect(seen.size).toBeGreaterThanOrEqual(3);
    const latest = await fetchRaw(port, '/hosts/knode1/user-data');
    expect(latest.text).toContain('KEY-knode1-v6');
    expect(events.filter((e) => e['event'] === 'reload').length).toBeGreaterThanOrEqual(5);
    expect(events.filter((e) => e['event'] === 'reload-failed')).toEqual([]);
  });

  it('keeps the old snapshot when the new OUT is broken, and says why', async () => {
    await start(0);
    await writeFile(join(out, 'manifest.json'), '{ "files": [ ');
    const bad = await server.reload('test');
    expect(bad.ok).toBe(false);
    expect(events.at(-1)).toMatchObject({ event: 'reload-failed' });
    expect(String(events.at(-1)?.['reason'])).toContain('manifest.json is not valid JSON');
    expect((await fetchRaw(port, '/hosts/knode1/meta-data')).text).toContain('knode1-v1');
    expect(server.snapshot().generation).toBe(1);
    const metrics = (await fetchRaw(port, '/metrics')).text;
    expect(metrics).toMatch(/^bootforge_reload_failures_total 1$/m);
  });

  it('refuses an OUT whose files do not match the manifest', async () => {
    await start(0);
    await writeFile(join(out, 'hosts', 'knode2', 'meta-data'), 'instance-id: tampered\n');
    const bad = await server.reload('test');
    expect(bad).toEqual({ ok: false, reason: expect.stringContaining('hosts/knode2/meta-data') });
    expect((await fetchRaw(port, '/hosts/knode2/meta-data')).text).toContain('knode2-v1');
  });

  it('picks up a regenerated OUT by polling, and a failed load is retried once OUT changes again', async () => {
    await start(10);
    await writeFile(join(out, 'manifest.json'), 'not json');
    await until(() => events.some((e) => e['event'] === 'reload-failed'), 'the failed reload');
    await swapOut(out, 'v2');
    await until(() => server.snapshot().generation === 2, 'generation 2');
    expect((await fetchRaw(port, '/hosts/knode1/meta-data')).text).toContain('knode1-v2');
  });
});
