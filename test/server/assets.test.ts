import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBootServer, type BootServer } from '../../server/boot-server.js';
import { fetchRaw } from './http-client.js';
import { writeOut } from './out-fixture.js';

let dir: string;
let server: BootServer;
let port: number;
const logLines: string[] = [];
const kernel = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bootforge-assets-'));
  await writeOut(join(dir, 'out'), 'v1');
  const assets = join(dir, 'assets');
  await mkdir(join(assets, 'el9'), { recursive: true });
  await writeFile(join(assets, 'el9', 'vmlinuz'), kernel);
  await writeFile(join(dir, 'outside-secret'), 'not for clients');
  await symlink(join(dir, 'outside-secret'), join(assets, 'el9', 'escape'));
  await symlink(dir, join(assets, 'up'));
  await symlink('vmlinuz', join(assets, 'el9', 'vmlinuz-link'));
  server = await createBootServer({
    outDir: join(dir, 'out'),
    assetsDir: assets,
    pollIntervalMs: 0,
    log: (line) => logLines.push(line),
  });
  port = (await server.listen('127.0.0.1', 0)).port;
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('/assets/', () => {
  it('logs the bytes actually sent, for whole files and ranges', async () => {
    await fetchRaw(port, '/assets/el9/vmlinuz');
    await fetchRaw(port, '/assets/el9/vmlinuz', { headers: { Range: 'bytes=100-199' } });
    // The log line is written when the response closes; give the event loop a turn.
    await new Promise((r) => setTimeout(r, 50));
    const records = logLines
      .map((l) => JSON.parse(l) as { path?: string; status?: number; bytes?: number })
      .filter((r) => r.path === '/assets/el9/vmlinuz');
    expect(records.map((r) => [r.status, r.bytes])).toEqual([
      [200, kernel.length],
      [206, 100],
    ]);
  });

  it('serves a whole file with Accept-Ranges', async () => {
    const res = await fetchRaw(port, '/assets/el9/vmlinuz');
    expect(res.status).toBe(200);
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.body.equals(kernel)).toBe(true);
  });

  it('answers a byte range with 206 and Content-Range', async () => {
    const res = await fetchRaw(port, '/assets/el9/vmlinuz', { headers: { Range: 'bytes=100-199' } });
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toBe('bytes 100-199/1000');
    expect(res.body.equals(kernel.subarray(100, 200))).toBe(true);
  });

  it('answers open-ended and suffix ranges', async () => {
    const open = await fetchRaw(port, '/assets/el9/vmlinuz', { headers: { Range: 'bytes=990-' } });
    expect(open.status).toBe(206);
    expect(open.body.equals(kernel.subarray(990))).toBe(true);
    const suffix = await fetchRaw(port, '/assets/el9/vmlinuz', { headers: { Range: 'bytes=-10' } });
    expect(suffix.headers['content-range']).toBe('bytes 990-999/1000');
    expect(suffix.body.equals(kernel.subarray(990))).toBe(true);
  });

  it('answers a range past the end with 416', async () => {
    const res = await fetchRaw(port, '/assets/el9/vmlinuz', { headers: { Range: 'bytes=5000-' } });
    expect(res.status).toBe(416);
    expect(res.headers['content-range']).toBe('bytes */1000');
  });

  it('answers HEAD with the length and no body', async () => {
    const res = await fetchRaw(port, '/assets/el9/vmlinuz', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe('1000');
    expect(res.body.length).toBe(0);
  });

  it('follows symlinks inside the directory but refuses those leading out of it', async () => {
    expect((await fetchRaw(port, '/assets/el9/vmlinuz-link')).status).toBe(200);
    const escape = await fetchRaw(port, '/assets/el9/escape');
    expect(escape.status).toBe(403);
    expect(escape.text).not.toContain('not for clients');
    expect((await fetchRaw(port, '/assets/up/outside-secret')).status).toBe(403);
    expect((await fetchRaw(port, '/assets/up/out/hosts/knode1/user-data')).status).toBe(403);
  });

  it('answers a missing asset or a directory with 404', async () => {
    expect((await fetchRaw(port, '/assets/el9/nothing')).status).toBe(404);
    expect((await fetchRaw(port, '/assets/el9')).status).toBe(404);
    expect((await fetchRaw(port, '/assets/')).status).toBe(404);
  });
});
