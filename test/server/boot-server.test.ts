import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBootServer, type BootServer } from '../../server/boot-server.js';
import { fetchRaw, sendRaw } from './http-client.js';
import { BOOT_SERVER, FIXTURE_HOSTS, sha256, writeOut } from './out-fixture.js';

let dir: string;
let server: BootServer;
let port: number;
const lines: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bootforge-serve-'));
  await writeOut(join(dir, 'out'), 'v1');
  server = await createBootServer({
    outDir: join(dir, 'out'),
    pollIntervalMs: 0,
    log: (line) => lines.push(line),
  });
  port = (await server.listen('127.0.0.1', 0)).port;
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** A URL the fixture points at (on the inventory's boot server) as a path on our test server. */
function pathOf(url: string): string {
  expect(url.startsWith(BOOT_SERVER)).toBe(true);
  return url.slice(BOOT_SERVER.length);
}

describe('the chain a machine walks', () => {
  it('kickstart + NoCloud: boot.ipxe -> per-MAC script -> ks.cfg and the NoCloud files, from its own address', async () => {
    const knode1 = FIXTURE_HOSTS[0]!;
    const from = knode1.ip;
    const boot = await fetchRaw(port, '/boot.ipxe', { from, headers: { 'User-Agent': 'iPXE/1.21.1' } });
    expect(boot.status).toBe(200);
    expect(boot.text.startsWith('#!ipxe\n')).toBe(true);
    // iPXE expands ${mac:hexhyp} and resolves the chain URI relative to /boot.ipxe.
    const chain = /^chain (\S+)$/m.exec(boot.text)?.[1] ?? '';
    const scriptPath = `/${chain.replace('${mac:hexhyp}', knode1.mac.replaceAll(':', '-'))}`;
    const script = await fetchRaw(port, scriptPath, { from });
    expect(script.status).toBe(200);
    expect(script.text).toContain('# v1 knode1');

    const ks = /inst\.ks=(\S+)/.exec(script.text)?.[1] ?? '';
    const kickstart = await fetchRaw(port, pathOf(ks), { from, headers: { 'User-Agent': 'anaconda/34' } });
    expect(kickstart.status).toBe(200);
    expect(kickstart.text).toContain('TOKEN-knode1-v1');
    expect(kickstart.headers['cache-control']).toBe('no-store');

    const seed = pathOf(/ds=nocloud;s=(\S+)/.exec(script.text)?.[1] ?? '');
    expect(seed.endsWith('/')).toBe(true);
    const userData = await fetchRaw(port, `${seed}user-data`, { from });
    expect(userData.status).toBe(200);
    expect(userData.text.startsWith('#cloud-config\n')).toBe(true);
    const metaData = await fetchRaw(port, `${seed}meta-data`, { from });
    expect(metaData.text).toContain('local-hostname: knode1');
    const vendorData = await fetchRaw(port, `${seed}vendor-data`, { from });
    expect(vendorData.status).toBe(200);
    expect(vendorData.text).toBe('#cloud-config\n');
    const network = await fetchRaw(port, `${seed}network-config`, { from });
    expect(network.text).toContain('127.0.0.11/8');
  });

  it('Ignition: per-MAC script -> config.ign, a JSON document', async () => {
    const knode3 = FIXTURE_HOSTS[2]!;
    const script = await fetchRaw(port, '/pxe/ipxe/52-54-00-00-00-13.ipxe', { from: knode3.ip });
    const url = /ignition\.config\.url=(\S+)/.exec(script.text)?.[1] ?? '';
    const ign = await fetchRaw(port, pathOf(url), {
      from: knode3.ip,
      headers: { 'User-Agent': 'Ignition/2.14.0' },
    });
    expect(ign.status).toBe(200);
    expect(ign.headers['content-type']).toBe('application/json');
    const config = JSON.parse(ign.text) as { ignition: { version: string } };
    expect(config.ignition.version).toBe('3.3.0');
  });

  it('GRUB and pxelinux files are served from the static tree', async () => {
    const grub = await fetchRaw(port, '/pxe/grub/grub.cfg-01-52-54-00-00-00-12');
    expect(grub.status).toBe(200);
    expect(grub.text).toContain('menuentry');
    const pxelinux = await fetchRaw(port, '/pxe/pxelinux.cfg/01-52-54-00-00-00-12');
    expect(pxelinux.text).toContain('DEFAULT install');
  });
});

describe('lookups', () => {
  it('finds a host by MAC in any spelling', async () => {
    for (const mac of [
      '52:54:00:00:00:12',
      '52-54-00-00-00-12',
      '5254.0000.0012',
      '525400000012',
      '52:54:00:00:00:12'.toUpperCase(),
    ]) {
      const res = await fetchRaw(port, `/mac/${encodeURIComponent(mac)}/meta-data`);
      expect(res.status, mac).toBe(200);
      expect(res.text).toContain('local-hostname: knode2');
    }
    const query = await fetchRaw(port, '/ipxe?mac=52-54-00-00-00-12');
    expect(query.text).toContain('# v1 knode2');
    // iPXE's ${mac:hexraw} spelling of the per-MAC script name finds the same script.
    const raw = await fetchRaw(port, '/pxe/ipxe/525400000012.ipxe');
    expect(raw.status).toBe(200);
    expect(raw.text).toContain('# v1 knode2');
  });

  it('finds a host by name and by the requester address', async () => {
    const byName = await fetchRaw(port, '/meta-data?host=knode3');
    expect(byName.text).toContain('local-hostname: knode3');
    const self = await fetchRaw(port, '/self/user-data', { from: '127.0.0.12' });
    expect(self.status).toBe(200);
    expect(self.text).toContain('KEY-knode2-v1');
    const stranger = await fetchRaw(port, '/self/user-data', { from: '127.0.0.99' });
    expect(stranger.status).toBe(404);
    expect(stranger.text).toBe('no host with address 127.0.0.99 in this inventory\n');
  });

  it('answers an unknown MAC asked by iPXE with a script that prints why (status 200)', async () => {
    const res = await fetchRaw(port, '/pxe/ipxe/52-54-00-00-00-99.ipxe');
    expect(res.status).toBe(200);
    expect(res.headers['x-bootforge-status']).toBe('404');
    expect(res.text).toMatch(/^#!ipxe\n/);
    // iPXE prints its own ${mac}: the same bytes whichever spelling asked, and from nginx too.
    expect(res.text).toContain('echo bootforge: no host with MAC ${mac} in this inventory (HTTP 404)');
    expect(res.text).toContain('exit 1');
    const viaLookup = await fetchRaw(port, '/mac/52-54-00-00-00-99/ipxe');
    expect(viaLookup.text).toBe(res.text);
  });

  it('answers iPXE itself (by User-Agent) with a script for any error outside /assets/', async () => {
    const headers = { 'User-Agent': 'iPXE/1.21.1+ (g4bd064de)' };
    const script = await fetchRaw(port, '/hosts/nosuch/user-data', { headers });
    expect(script.status).toBe(200);
    expect(script.headers['x-bootforge-status']).toBe('404');
    expect(script.text).toContain("echo bootforge: no host named 'nosuch' in this inventory (HTTP 404)");
    const asset = await fetchRaw(port, '/assets/el9/vmlinuz', { headers });
    expect(asset.status).toBe(404);
  });

  it('answers an unknown host or file with a one-line 404', async () => {
    const host = await fetchRaw(port, '/hosts/nosuch/user-data');
    expect(host.status).toBe(404);
    expect(host.text).toBe("no host named 'nosuch' in this inventory\n");
    const mac = await fetchRaw(port, '/mac/52:54:00:00:00:99/user-data');
    expect(mac.status).toBe(404);
    expect(mac.text).toBe('no host with MAC 52:54:00:00:00:99 in this inventory\n');
    const file = await fetchRaw(port, '/pxe/nothing');
    expect(file.status).toBe(404);
    expect(file.text.split('\n')).toHaveLength(2);
  });
});

describe('secrets stay with their host', () => {
  it('serves a secret file to its host and refuses every other address with a one-line 403', async () => {
    for (const path of [
      '/hosts/knode1/user-data',
      '/hosts/knode1/ks.cfg',
      '/hosts/knode1/config.ign',
      '/mac/52-54-00-00-00-11/user-data',
    ]) {
      const own = await fetchRaw(port, path, { from: '127.0.0.11' });
      expect(own.status, path).toBe(200);
      const other = await fetchRaw(port, path, { from: '127.0.0.12' });
      expect(other.status, path).toBe(403);
      expect(other.text).toBe('secret file of host knode1 is served only to 127.0.0.11, not to 127.0.0.12\n');
      expect(other.text).not.toContain('KEY-');
    }
  });

  it('serves public files of a host to anyone', async () => {
    const res = await fetchRaw(port, '/hosts/knode1/meta-data', { from: '127.0.0.12' });
    expect(res.status).toBe(200);
  });

  it('never serves cluster/ or the manifest', async () => {
    for (const path of ['/cluster/admin.kubeconfig', '/cluster/ca.crt', '/manifest.json']) {
      const res = await fetchRaw(port, path);
      expect(res.status, path).toBe(403);
      expect(res.text).not.toContain('ADMINKEY');
    }
  });
});

describe('malformed requests', () => {
  it('refuses traversal, NUL and bad encoding with 400 and a reason', async () => {
    const cases = [
      '/hosts/../manifest.json',
      '/hosts/knode1/../../cluster/admin.kubeconfig',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/hosts/knode1%2f..%2f..%2fcluster/x',
      '/hosts/knode1/user-data%00',
      '/hosts/%E0%A4%A',
      '/assets/../../etc/passwd',
    ];
    for (const path of cases) {
      const res = await fetchRaw(port, path);
      expect(res.status, path).toBe(400);
      expect(res.text.trim().split('\n'), path).toHaveLength(1);
    }
  });

  it('refuses other methods with 405 and Allow', async () => {
    const res = await fetchRaw(port, '/boot.ipxe', { method: 'PUT' });
    expect(res.status).toBe(405);
    expect(res.headers['allow']).toBe('GET, HEAD');
  });

  it('answers a malformed request line with a bare 400, no stack trace', async () => {
    const reply = await sendRaw(port, 'GET /\u0001bad HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(reply.startsWith('HTTP/1.1 400')).toBe(true);
    expect(reply).not.toMatch(/at .*\.js/);
    await new Promise((r) => setTimeout(r, 20));
    const logged = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((r) => r['route'] === 'invalid');
    expect(logged.at(-1)).toMatchObject({
      status: 400,
      reason: expect.stringContaining('malformed HTTP request'),
    });
  });

  it('rejects a malformed MAC with 400', async () => {
    const res = await fetchRaw(port, '/mac/52:54:zz/user-data');
    expect(res.status).toBe(400);
    expect(res.text).toBe("'52:54:zz' is not a MAC address\n");
  });

  it('answers HEAD with headers only', async () => {
    const res = await fetchRaw(port, '/boot.ipxe', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(Number(res.headers['content-length'])).toBeGreaterThan(0);
    expect(res.body.length).toBe(0);
  });

  it('answers a matching If-None-Match with 304', async () => {
    const first = await fetchRaw(port, '/boot.ipxe');
    const again = await fetchRaw(port, '/boot.ipxe', {
      headers: { 'If-None-Match': String(first.headers.etag) },
    });
    expect(again.status).toBe(304);
  });

  it('sends the headers made with the snapshot: the same for GET and HEAD, again and again', async () => {
    const pick = (headers: Record<string, unknown>): Record<string, unknown> => ({
      'content-type': headers['content-type'],
      etag: headers['etag'],
      'cache-control': headers['cache-control'],
      'accept-ranges': headers['accept-ranges'],
      'content-length': headers['content-length'],
    });
    const first = await fetchRaw(port, '/boot.ipxe');
    expect(pick(first.headers)).toEqual({
      'content-type': 'text/plain; charset=utf-8',
      etag: `"${sha256(first.body)}"`,
      'cache-control': 'no-cache',
      'accept-ranges': 'bytes',
      'content-length': String(first.body.length),
    });
    for (const method of ['GET', 'HEAD', 'GET']) {
      const res = await fetchRaw(port, '/boot.ipxe', { method });
      expect(pick(res.headers)).toEqual(pick(first.headers));
      expect(res.body.length).toBe(method === 'HEAD' ? 0 : first.body.length);
    }
    const notModified = await fetchRaw(port, '/boot.ipxe', {
      headers: { 'If-None-Match': `W/${String(first.headers.etag)}` },
    });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.etag).toBe(first.headers.etag);
    expect(notModified.headers['cache-control']).toBe('no-cache');
    expect(notModified.headers['content-length']).toBeUndefined();
    const part = await fetchRaw(port, '/boot.ipxe', { headers: { Range: 'bytes=1-3' } });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 1-3/${first.body.length}`);
    expect(part.body).toEqual(first.body.subarray(1, 4));
  });
});

describe('operability', () => {
  it('has a health endpoint', async () => {
    const res = await fetchRaw(port, '/healthz');
    expect(res.status).toBe(200);
    expect(res.text).toBe('ok generation 1\n');
  });

  it('exports requests by route and status, bytes and per-host fetch times', async () => {
    const before = Math.floor(Date.now() / 1000);
    await fetchRaw(port, '/hosts/knode2/meta-data');
    await fetchRaw(port, '/hosts/knode2/user-data', { from: '127.0.0.13' });
    const text = (await fetchRaw(port, '/metrics')).text;
    expect(text).toMatch(/^bootforge_http_requests_total\{route="host",status="200"\} \d+$/m);
    expect(text).toMatch(/^bootforge_http_requests_total\{route="host",status="403"\} \d+$/m);
    expect(text).toMatch(/^bootforge_http_response_bytes_total\{route="host"\} \d+$/m);
    const first = Number(
      /^bootforge_host_first_fetch_timestamp_seconds\{host="knode2"\} (\d+)$/m.exec(text)?.[1],
    );
    const last = Number(
      /^bootforge_host_last_fetch_timestamp_seconds\{host="knode2"\} (\d+)$/m.exec(text)?.[1],
    );
    expect(first).toBeLessThanOrEqual(last);
    expect(last).toBeGreaterThanOrEqual(before - 1);
    expect(text).toContain('# TYPE bootforge_http_requests_total counter');
  });

  it('logs one JSON line per request without file contents', async () => {
    lines.length = 0;
    await fetchRaw(port, '/hosts/knode1/user-data', { from: '127.0.0.11' });
    await fetchRaw(port, '/hosts/knode1/user-data', { from: '127.0.0.12' });
    await new Promise((r) => setTimeout(r, 20));
    expect(lines).toHaveLength(2);
    const [ok, refused] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(ok).toMatchObject({
      remote: '127.0.0.11',
      host: 'knode1',
      path: '/hosts/knode1/user-data',
      status: 200,
      route: 'host',
    });
    expect(typeof ok?.['ms']).toBe('number');
    expect(ok?.['bytes']).toBeGreaterThan(0);
    expect(refused).toMatchObject({ remote: '127.0.0.12', status: 403 });
    expect(String(refused?.['reason'])).toContain('served only to 127.0.0.11');
    expect(lines.join('')).not.toContain('KEY-knode1');
  });
});
