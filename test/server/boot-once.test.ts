/**
 * Boot once through serve: after `installed`, every lookup of the host's per-MAC boot entries
 * answers a local-disk boot (no kernel, no initrd) until the host is re-armed; other hosts keep
 * their installer. The re-arm endpoint answers loopback only and re-arms one-shot secrets too.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBootServer, type BootServer } from '../../server/boot-server.js';
import { fetchRaw } from './http-client.js';
import { addReportTokens, tokenOf } from './lifecycle-fixture.js';
import { writeOut } from './out-fixture.js';

let dir: string;
let server: BootServer;
let port: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bootforge-boot-once-'));
  await writeOut(join(dir, 'out'), 'v1');
  await addReportTokens(join(dir, 'out'));
  server = await createBootServer({ outDir: join(dir, 'out'), pollIntervalMs: 0, oneShot: true });
  port = (await server.listen('127.0.0.1', 0)).port;
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const report = (host: string, phase: string) =>
  fetchRaw(port, `/report/${host}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tokenOf(host)}` },
    body: JSON.stringify({ phase, message: `${host} ${phase}` }),
  });

/** Every spelling under which knode1 (127.0.0.11, 52:54:00:00:00:11) asks for an iPXE script. */
const IPXE_LOOKUPS = [
  '/pxe/ipxe/52-54-00-00-00-11.ipxe',
  '/pxe/ipxe/525400000011.ipxe',
  '/mac/52:54:00:00:00:11/ipxe',
  '/mac/5254.0000.0011/boot.ipxe',
  '/ipxe?mac=52-54-00-00-00-11',
  '/script.ipxe?host=knode1',
  '/ipxe?hostname=knode1',
  '/self/ipxe',
];
const GRUB = '/pxe/grub/grub.cfg-01-52-54-00-00-00-11';
const PXELINUX = '/pxe/pxelinux.cfg/01-52-54-00-00-00-11';

async function entries(): Promise<string[]> {
  const all: string[] = [];
  for (const path of [...IPXE_LOOKUPS, GRUB, PXELINUX]) {
    const res = await fetchRaw(port, path, { from: '127.0.0.11', headers: { 'User-Agent': 'iPXE/1.21.1' } });
    expect(res.status, path).toBe(200);
    all.push(res.text);
  }
  return all;
}

describe('boot once', () => {
  it('hands out the installer until the host reports installed', async () => {
    for (const text of await entries()) expect(text).toMatch(/vmlinuz|kernel|linux|inst\.ks=/);
    expect((await report('knode1', 'installing')).status).toBe(202);
    for (const text of await entries()) expect(text).toMatch(/vmlinuz|kernel|linux|inst\.ks=/);
  });

  it('after installed, every lookup of its boot entries boots the local disk; other hosts keep the installer', async () => {
    const before = await fetchRaw(port, IPXE_LOOKUPS[0] ?? '');
    expect((await report('knode1', 'installed')).status).toBe(202);
    const after = await entries();
    const ipxe = after.slice(0, IPXE_LOOKUPS.length);
    for (const text of ipxe) {
      expect(text.startsWith('#!ipxe\n')).toBe(true);
      expect(text).toContain('sanboot --no-describe --drive 0x80 || exit 1');
      expect(text).not.toMatch(/^\s*(kernel|initrd|imgfetch|chain)\b/m);
      expect(text).toContain('bootforge reinstall OUT knode1');
    }
    expect(new Set(ipxe).size).toBe(1);
    const [grub = '', pxelinux = ''] = after.slice(IPXE_LOOKUPS.length);
    expect(grub).toMatch(/^\s*exit$/m);
    expect(grub).not.toMatch(/^\s*(linux|linuxefi|initrd|initrdefi)\b/m);
    expect(pxelinux).toMatch(/^\s*LOCALBOOT 0$/m);
    expect(pxelinux).not.toMatch(/^\s*(KERNEL|LINUX|APPEND|INITRD)\b/im);
    // A new version: its own ETag, so no cache keeps the installer.
    const now = await fetchRaw(port, IPXE_LOOKUPS[0] ?? '');
    expect(now.headers.etag).not.toBe(before.headers.etag);
    expect(
      (
        await fetchRaw(port, IPXE_LOOKUPS[0] ?? '', {
          headers: { 'If-None-Match': before.headers.etag ?? '' },
        })
      ).status,
    ).toBe(200);
    // knode2 still installs.
    expect((await fetchRaw(port, '/pxe/ipxe/52-54-00-00-00-12.ipxe')).text).toContain('vmlinuz');
  });

  it('later phases and even a failure keep the disk boot', async () => {
    for (const phase of ['booted', 'failed', 'installing']) {
      expect((await report('knode1', phase)).status).toBe(202);
      expect((await fetchRaw(port, GRUB)).text).toMatch(/^\s*exit$/m);
    }
  });

  it('the GRUB entry passes grub-script-check', async () => {
    const path = join(dir, 'grub.cfg');
    await writeFile(path, (await fetchRaw(port, GRUB)).text);
    await promisify(execFile)('grub-script-check', [path]);
  });

  it('POST /_bootforge/reinstall/<host> answers loopback only, re-arms the installer and the one-shot secrets', async () => {
    const from = '127.0.0.11';
    expect((await fetchRaw(port, '/hosts/knode1/user-data', { from })).status).toBe(200);
    expect((await fetchRaw(port, '/hosts/knode1/user-data', { from })).status).toBe(403);
    const remote = await fetchRaw(port, '/_bootforge/reinstall/knode1', { method: 'POST', from });
    expect(remote.status).toBe(403);
    expect((await fetchRaw(port, GRUB)).text).toMatch(/^\s*exit$/m);
    const unknown = await fetchRaw(port, '/_bootforge/reinstall/nosuch', { method: 'POST' });
    expect(unknown.status).toBe(404);
    const res = await fetchRaw(port, '/_bootforge/reinstall/knode1', { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('re-armed knode1');
    for (const text of await entries()) expect(text).toMatch(/vmlinuz|kernel|linux|inst\.ks=/);
    // The one-shot re-arm follows the change; give the bus its turn.
    await new Promise((r) => setTimeout(r, 20));
    expect((await fetchRaw(port, '/hosts/knode1/user-data', { from })).status).toBe(200);
    const status = JSON.parse((await fetchRaw(port, '/status')).text) as {
      hosts: { name: string; phase: string }[];
    };
    expect(status.hosts.find((h) => h.name === 'knode1')?.phase).toBe('pending');
  });
});
