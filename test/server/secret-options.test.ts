import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBootServer, type BootServer } from '../../server/boot-server.js';
import { fetchRaw } from './http-client.js';
import { writeOut } from './out-fixture.js';

let dir: string;
const servers: BootServer[] = [];

async function start(options: { oneShot?: boolean; allowAnySource?: boolean }): Promise<number> {
  // Several servers of one OUT at once: each needs its own lifecycle state (one writer each).
  const stateDir = join(dir, `state-${servers.length}`);
  const server = await createBootServer({
    outDir: join(dir, 'out'),
    pollIntervalMs: 0,
    stateDir,
    ...options,
  });
  servers.push(server);
  return (await server.listen('127.0.0.1', 0)).port;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bootforge-secrets-'));
  await writeOut(join(dir, 'out'), 'v1');
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

describe('--one-shot', () => {
  it('serves each secret file once per host, then 403 until re-armed from loopback', async () => {
    const port = await start({ oneShot: true });
    const from = '127.0.0.11';
    expect((await fetchRaw(port, '/hosts/knode1/user-data', { from })).status).toBe(200);
    const again = await fetchRaw(port, '/hosts/knode1/user-data', { from });
    expect(again.status).toBe(403);
    expect(again.text).toContain('already served once');
    // Other secret files of the same host, and public files, are not affected.
    expect((await fetchRaw(port, '/hosts/knode1/ks.cfg', { from })).status).toBe(200);
    expect((await fetchRaw(port, '/hosts/knode1/meta-data', { from })).status).toBe(200);
    expect((await fetchRaw(port, '/hosts/knode1/meta-data', { from })).status).toBe(200);
    // HEAD does not use up the one shot.
    expect(
      (await fetchRaw(port, '/hosts/knode2/user-data', { from: '127.0.0.12', method: 'HEAD' })).status,
    ).toBe(200);
    expect((await fetchRaw(port, '/hosts/knode2/user-data', { from: '127.0.0.12' })).status).toBe(200);

    const remote = await fetchRaw(port, '/_bootforge/rearm/knode1', { method: 'POST', from: '127.0.0.12' });
    expect(remote.status).toBe(403);
    expect(remote.text).toBe('admin endpoints answer 127.0.0.1 and ::1 only\n');

    const rearm = await fetchRaw(port, '/_bootforge/rearm/knode1', { method: 'POST', from: '127.0.0.1' });
    expect(rearm.status).toBe(200);
    expect(rearm.text).toBe('re-armed 2 one-shot secret(s) for knode1\n');
    expect((await fetchRaw(port, '/hosts/knode1/user-data', { from })).status).toBe(200);
    // knode2 was not re-armed.
    expect((await fetchRaw(port, '/hosts/knode2/user-data', { from: '127.0.0.12' })).status).toBe(403);

    const unknown = await fetchRaw(port, '/_bootforge/rearm/nosuch', { method: 'POST', from: '127.0.0.1' });
    expect(unknown.status).toBe(404);
  });

  it('still refuses other addresses before counting a shot', async () => {
    const port = await start({ oneShot: true });
    expect((await fetchRaw(port, '/hosts/knode3/user-data', { from: '127.0.0.12' })).status).toBe(403);
    expect((await fetchRaw(port, '/hosts/knode3/user-data', { from: '127.0.0.13' })).status).toBe(200);
  });
});

describe('--allow-any-source', () => {
  it('serves a host secret to another address, but never cluster/', async () => {
    const port = await start({ allowAnySource: true });
    const res = await fetchRaw(port, '/hosts/knode1/user-data', { from: '127.0.0.12' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('KEY-knode1-v1');
    expect((await fetchRaw(port, '/cluster/admin.kubeconfig')).status).toBe(403);
  });
});
