/**
 * The generated nginx.conf under a real nginx (Debian nginx-light): `nginx -t`, then nginx on a
 * loopback port serving the fixture OUT, asked the same questions as `bootforge serve`, from a
 * host's own address (127.0.0.11) and from another (127.0.0.12).
 */
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hasNginx,
  startNginx,
  testConfig,
  type NginxOptions,
  type RunningNginx,
} from '../../../bench/nginx-process.js';
import { renderNginxConf } from '../../../generators/nginx/nginx-conf.js';
import { createBootServer, type BootServer } from '../../../server/boot-server.js';
import { fetchRaw, type RequestOptions, type Response } from '../../server/http-client.js';
import { writeOut } from '../../server/out-fixture.js';
import { fixtureSite } from './site-fixture.js';

const available = hasNginx();
if (!available && process.env['CI'] === 'true')
  throw new Error('nginx is required in CI (Debian package nginx-light)');
if (!available) console.warn('nginx not installed: the nginx.conf tests are skipped');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

let dir: string;
let options: NginxOptions;
let nginx: RunningNginx | undefined;
let nginxPort: number;
let boot: BootServer;
let bootPort: number;
const kernel = Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 253));

beforeAll(async () => {
  if (!available) return;
  dir = await mkdtemp(join(tmpdir(), 'bootforge-nginx-'));
  await chmod(dir, 0o755);
  const out = join(dir, 'out');
  await writeOut(out, 'v1');
  nginxPort = await freePort();
  await writeFile(join(out, 'pxe', 'nginx.conf'), renderNginxConf(fixtureSite(nginxPort)));
  const assets = join(dir, 'assets');
  await mkdir(join(assets, 'el9'), { recursive: true });
  await writeFile(join(assets, 'el9', 'vmlinuz'), kernel);
  await writeFile(join(dir, 'outside'), 'not for clients');
  await symlink(join(dir, 'outside'), join(assets, 'el9', 'escape'));
  options = {
    prefix: join(dir, 'nginx'),
    outDir: out,
    assetsDir: assets,
    include: join(out, 'pxe', 'nginx.conf'),
  };
  await mkdir(options.prefix);
  nginx = await startNginx(options, nginxPort);
  boot = await createBootServer({ outDir: out, assetsDir: assets, pollIntervalMs: 0 });
  bootPort = (await boot.listen('127.0.0.1', 0)).port;
});

afterAll(async () => {
  if (!available) return;
  await nginx?.stop();
  await boot.close();
  await rm(dir, { recursive: true, force: true });
});

const get = (path: string, request: RequestOptions = {}): Promise<Response> =>
  fetchRaw(nginxPort, path, request);

describe.skipIf(!available)('nginx.conf under a real nginx', () => {
  it('passes nginx -t', async () => {
    const result = await testConfig(options);
    expect(result.output).toContain('syntax is ok');
    expect(result.ok).toBe(true);
  });

  it('walks the chain: /boot.ipxe, the per-MAC script, kickstart and NoCloud files', async () => {
    const from = '127.0.0.11';
    expect((await get('/boot.ipxe', { from })).text).toMatch(/^#!ipxe\n/);
    expect((await get('/pxe/ipxe/52-54-00-00-00-11.ipxe', { from })).text).toContain('# v1 knode1');
    expect((await get('/hosts/knode1/ks.cfg', { from })).text).toContain('TOKEN-knode1-v1');
    expect((await get('/hosts/knode1/user-data', { from })).text).toMatch(/^#cloud-config\n/);
    expect((await get('/hosts/knode1/meta-data', { from })).text).toContain('local-hostname: knode1');
    const vendor = await get('/hosts/knode1/vendor-data', { from });
    expect([vendor.status, vendor.text]).toEqual([200, '#cloud-config\n']);
    const ign = await get('/hosts/knode3/config.ign', { from: '127.0.0.13' });
    expect(ign.headers['content-type']).toBe('application/json');
  });

  it('serves secret files only to their host address', async () => {
    for (const path of [
      '/hosts/knode1/user-data',
      '/hosts/knode1/ks.cfg',
      '/hosts/knode1/config.ign',
      '/mac/52-54-00-00-00-11/user-data',
    ]) {
      expect((await get(path, { from: '127.0.0.11' })).status, path).toBe(200);
      const refused = await get(path, { from: '127.0.0.12' });
      expect(refused.status, path).toBe(403);
      expect(refused.text).not.toContain('KEY-');
    }
    expect((await get('/hosts/knode1/meta-data', { from: '127.0.0.12' })).status).toBe(200);
  });

  it('looks hosts up by MAC in any spelling, by name and by client address', async () => {
    for (const mac of [
      '52:54:00:00:00:12',
      '52-54-00-00-00-12',
      '5254.0000.0012',
      '525400000012',
      '01-52-54-00-00-00-12',
    ]) {
      const res = await get(`/mac/${mac}/meta-data`);
      expect(res.status, mac).toBe(200);
      expect(res.text).toContain('local-hostname: knode2');
    }
    expect((await get('/ipxe?mac=52-54-00-00-00-12')).text).toContain('# v1 knode2');
    expect((await get('/mac/5254.0000.0012/ipxe')).text).toContain('# v1 knode2');
    expect((await get('/meta-data?host=knode3')).text).toContain('local-hostname: knode3');
    expect((await get('/user-data?mac=52:54:00:00:00:13', { from: '127.0.0.12' })).status).toBe(403);
    const self = await get('/self/user-data', { from: '127.0.0.12' });
    expect([self.status, self.text.includes('KEY-knode2-v1')]).toEqual([200, true]);
    expect((await get('/self/user-data', { from: '127.0.0.99' })).status).toBe(404);
  });

  it('answers an unknown MAC asked by iPXE with a 200 script that prints it', async () => {
    for (const path of [
      '/pxe/ipxe/52-54-00-00-00-99.ipxe',
      '/mac/52-54-00-00-00-99/ipxe',
      '/ipxe?mac=52-54-00-00-00-99',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.text, path).toMatch(/^#!ipxe\necho bootforge: no host with MAC \$\{mac\} in this inventory/);
      expect(res.text).toContain('\nexit 1\n');
    }
    const data = await get('/mac/52-54-00-00-00-99/user-data');
    expect([data.status, data.text]).toEqual([404, 'no host with this MAC in this inventory\n']);
  });

  it('never serves operator material, files it does not list, or paths outside OUT', async () => {
    expect((await get('/cluster/admin.kubeconfig')).status).toBe(403);
    expect((await get('/manifest.json')).status).toBe(403);
    expect((await get('/lifecycle/hosts.json')).status).toBe(403);
    expect((await get('/hosts/knode1/../../cluster/admin.kubeconfig')).status).toBe(403);
    expect((await get('/hosts/nosuch/user-data')).status).toBe(404);
    expect((await get('/%2e%2e/etc/passwd')).status).toBe(400);
    expect((await get('/boot.ipxe', { method: 'POST' })).status).toBe(405);
  });

  it('serves assets with ranges and refuses symlinks out of the directory', async () => {
    const range = await get('/assets/el9/vmlinuz', { headers: { Range: 'bytes=100-199' } });
    expect(range.status).toBe(206);
    expect(range.headers['content-range']).toBe('bytes 100-199/4096');
    expect(range.body.equals(kernel.subarray(100, 200))).toBe(true);
    expect((await get('/assets/el9/vmlinuz', { headers: { Range: 'bytes=9999-' } })).status).toBe(416);
    const escape = await get('/assets/el9/escape');
    expect(escape.status).toBe(403);
    expect(escape.text).not.toContain('not for clients');
  });

  it('answers like bootforge serve: same status, and same bytes for every file', async () => {
    const cases: [string, string][] = [
      ['/boot.ipxe', '127.0.0.1'],
      ['/pxe/ipxe/52-54-00-00-00-12.ipxe', '127.0.0.1'],
      ['/pxe/grub/grub.cfg-01-52-54-00-00-00-12', '127.0.0.1'],
      ['/pxe/pxelinux.cfg/01-52-54-00-00-00-13', '127.0.0.1'],
      ['/pxe/dnsmasq.conf', '127.0.0.1'],
      ['/hosts/knode2/user-data', '127.0.0.12'],
      ['/hosts/knode2/user-data', '127.0.0.11'],
      ['/hosts/knode2/network-config', '127.0.0.11'],
      ['/hosts/knode2/vendor-data', '127.0.0.11'],
      ['/hosts/knode3/ks.cfg', '127.0.0.13'],
      ['/mac/52:54:00:00:00:13/config.ign', '127.0.0.13'],
      ['/mac/52:54:00:00:00:13/config.ign', '127.0.0.1'],
      ['/self/network-config', '127.0.0.11'],
      ['/ipxe?mac=525400000011', '127.0.0.1'],
      ['/ks.cfg?host=knode1', '127.0.0.11'],
      ['/hosts/knode9/meta-data', '127.0.0.1'],
      ['/cluster/ca.crt', '127.0.0.1'],
      ['/assets/el9/vmlinuz', '127.0.0.1'],
    ];
    for (const [path, from] of cases) {
      const [ours, theirs] = await Promise.all([fetchRaw(bootPort, path, { from }), get(path, { from })]);
      expect(theirs.status, `${path} from ${from}`).toBe(ours.status);
      if (ours.status === 200) expect(theirs.body.equals(ours.body), `${path} from ${from}`).toBe(true);
    }
  });

  it('logged no errors', async () => {
    const log = (await nginx?.errorLog()) ?? '';
    expect(log.split('\n').filter((l) => /\[(emerg|alert|crit)\]/.test(l))).toEqual([]);
  });
});
