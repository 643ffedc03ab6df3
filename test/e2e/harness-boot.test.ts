/**
 * Harness check (no bootforge code involved): a VM network-boots through the same chain the
 * bootforge test uses (DHCP -> iPXE -> boot.ipxe -> per-MAC script -> kernel + initramfs -> fetch
 * the config named on the kernel command line) from a tree this test writes by hand. It also pins
 * that the transport is byte-exact for awkward bytes (CR, NUL, 0xff, no final newline), and that the
 * VM's hash check reads what the test hands it through fw_cfg.
 */
import { mkdir, mkdtemp, writeFile, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBootAssets, BOOT_ASSET_TOOLS } from './support/boot-assets.js';
import { cacheDir } from './support/paths.js';
import { bootVm, QEMU_TOOLS } from './support/qemu-vm.js';
import { parseSerialTranscript, sha256Hex } from './support/serial-transcript.js';
import { startStaticServer, type StaticServer } from './support/static-server.js';
import { skipWithoutTools } from './support/tools.js';

const skip = skipWithoutTools('harness boot', [...BOOT_ASSET_TOOLS, ...QEMU_TOOLS]);

describe.skipIf(skip)('harness: iPXE chain boot under TCG from a hand-written tree', () => {
  let root: string;
  let server: StaticServer;
  const awkward = Buffer.from([0x68, 0x69, 0x0d, 0x0a, 0x00, 0xff, 0x20, 0x0a, 0x7a]);

  beforeAll(async () => {
    const assets = await ensureBootAssets();
    await mkdir(cacheDir, { recursive: true });
    root = await mkdtemp(join(cacheDir, 'harness-'));
    server = await startStaticServer(root);
    const base = `http://10.0.2.2:${server.port}`;
    await mkdir(join(root, 'pxe/ipxe'), { recursive: true });
    await mkdir(join(root, 'assets'), { recursive: true });
    await mkdir(join(root, 'h'), { recursive: true });
    await copyFile(join(assets.dir, 'vmlinuz'), join(root, 'assets/vmlinuz'));
    await copyFile(join(assets.dir, 'initrd.img'), join(root, 'assets/initrd.img'));
    await writeFile(join(root, 'pxe/boot.ipxe'), '#!ipxe\nchain ipxe/${mac:hexhyp}.ipxe\n');
    await writeFile(
      join(root, 'pxe/ipxe/52-54-00-00-00-99.ipxe'),
      `#!ipxe\nkernel ${base}/assets/vmlinuz ignition.config.url=${base}/h/config.ign quiet\ninitrd ${base}/assets/initrd.img\nboot\n`,
    );
    await writeFile(join(root, 'h/config.ign'), awkward);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('boots, fetches the config named on the kernel command line and prints it byte for byte', async () => {
    const boot = await bootVm({
      mac: '52:54:00:00:00:99',
      bootUrl: `http://10.0.2.2:${server.port}/pxe/boot.ipxe`,
      timeoutMs: 180_000,
      serialLog: join(root, 'serial.log'),
      expectedSha256: { ignition: sha256Hex(awkward), ks: '0'.repeat(64) },
    });
    console.info(`harness boot: ${(boot.ms / 1000).toFixed(1)} s under TCG (${boot.ended})`);
    expect(boot.ended).toBe('poweroff');
    const transcript = parseSerialTranscript(boot.serial);
    expect(transcript.problems).toEqual([]);
    expect(transcript.done).toBe(true);
    expect(transcript.address).toMatch(/^10\.0\.2\.\d+\/24$/);
    expect(transcript.files.map((f) => f.kind)).toEqual(['ignition']);
    expect(transcript.files[0]?.bytes.equals(awkward)).toBe(true);
    expect(transcript.files[0]?.vmSha256).toBe(sha256Hex(awkward));
    // The VM's own check (hashes handed in through fw_cfg): the config matched, the ks never came.
    expect(transcript.verifications).toEqual([
      { kind: 'ignition', result: 'ok' },
      { kind: 'ks', result: 'missing', expected: '0'.repeat(64) },
    ]);
    expect(transcript.verdict).toBe('fail');
    expect(server.requests).toEqual([
      '/pxe/boot.ipxe',
      '/pxe/ipxe/52-54-00-00-00-99.ipxe',
      '/assets/vmlinuz',
      '/assets/initrd.img',
      '/h/config.ign',
    ]);
  });
});
