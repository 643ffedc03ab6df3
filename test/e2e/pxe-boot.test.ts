/**
 * A machine network-boots from `bootforge serve`, through the real chain, under QEMU (TCG):
 * QEMU's DHCP -> iPXE ROM -> GET /pxe/boot.ipxe -> its per-MAC script -> the kernel and initrd that
 * script names (a Debian kernel and the test's busybox initramfs, served by `serve --assets`) ->
 * the initramfs applies the `ip=` argument, fetches the config its kernel command line points to,
 * checks it against the sha256 values generate recorded in manifest.json (handed in through
 * QEMU's fw_cfg), prints it and powers off.
 *
 * One host per install path. The path a host's per-MAC script boots is `cluster.install.method`,
 * so the fixture is generated once per method (same PKI directory), and each host boots from the
 * OUT of its method; the other paths' explicit `<mac>-<method>.ipxe` scripts are not what DHCP
 * chains to, so they are not used.
 *
 * Source addresses: QEMU's user-mode network connects to the host from 127.0.0.1, not from the
 * host's inventory address, so serve runs with --allow-any-source (secret files such as ks.cfg
 * would otherwise be refused to the VM, correctly).
 */
import { cp, link, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOOT_ASSET_TOOLS, ensureBootAssets } from './support/boot-assets.js';
import { freePort, generate, runBootforge, startServe, type AccessLine } from './support/bootforge-cli.js';
import { readManifest, manifestEntry, type ManifestEntry } from './support/generated-out.js';
import { writeInventory } from './support/inventory-file.js';
import { cacheDir } from './support/paths.js';
import { bootVm, QEMU_TOOLS, type VmBoot } from './support/qemu-vm.js';
import { parseSerialTranscript, sha256Hex, type SerialTranscript } from './support/serial-transcript.js';
import { skipWithoutTools } from './support/tools.js';

const METHODS = ['kickstart', 'nocloud', 'ignition'] as const;
type Method = (typeof METHODS)[number];

interface BootCase {
  host: string;
  ip: string;
  mac: string;
  /** What the initramfs fetches on this path: marker kind -> file under OUT/hosts/<host>/. */
  files: Readonly<Record<string, string>>;
}

/** Hosts of fixtures/pxe-boot.yaml, one per install path. */
const CASES: Readonly<Record<Method, BootCase>> = {
  kickstart: { host: 'boot-ks', ip: '10.0.2.11', mac: '52:54:00:e2:e0:11', files: { ks: 'ks.cfg' } },
  nocloud: {
    host: 'boot-nocloud',
    ip: '10.0.2.12',
    mac: '52:54:00:e2:e0:12',
    files: { 'meta-data': 'meta-data', 'user-data': 'user-data', 'network-config': 'network-config' },
  },
  ignition: {
    host: 'boot-ign',
    ip: '10.0.2.13',
    mac: '52:54:00:e2:e0:13',
    files: { ignition: 'config.ign' },
  },
};
const UNKNOWN_MAC = '52:54:00:e2:e0:99';
const BOOT_TIMEOUT_MS = 150_000;

const skip = skipWithoutTools('pxe boot', [...BOOT_ASSET_TOOLS, ...QEMU_TOOLS]);

interface BootRun {
  boot: VmBoot;
  transcript: SerialTranscript;
  log: AccessLine[];
}

describe.skipIf(skip)('network boot from bootforge serve in a QEMU VM', () => {
  let work: string;
  let assets: string;
  let port: number;
  let bootServer: string;
  const outs = new Map<Method, Promise<string>>();
  const timings: string[] = [];

  beforeAll(async () => {
    const boot = await ensureBootAssets();
    await mkdir(cacheDir, { recursive: true });
    work = await mkdtemp(join(cacheDir, 'pxe-boot-'));
    assets = await assetsTree(boot.dir, join(work, 'assets'));
    port = await freePort();
    bootServer = `http://10.0.2.2:${port}`;
    console.info(`pxe boot: kernel ${boot.kernelPackage}, work dir ${work}`);
  });

  afterAll(async () => {
    if (timings.length > 0) console.info(`pxe boot timings (TCG):\n  ${timings.join('\n  ')}`);
    if (work !== undefined && process.env.BOOTFORGE_E2E_KEEP !== '1')
      await rm(work, { recursive: true, force: true });
  });

  /**
   * The fixture generated with this install path for the per-MAC scripts (once per method, same
   * PKI directory). kickstart is the default path, so its inventory leaves `method` out.
   */
  function outOf(method: Method): Promise<string> {
    const existing = outs.get(method);
    if (existing !== undefined) return existing;
    const created = (async (): Promise<string> => {
      const inventory = await writeInventory('pxe-boot.yaml', join(work, `${method}.yaml`), {
        'cluster.bootServer': bootServer,
        'cluster.install.kernel': `${bootServer}/assets/vmlinuz`,
        'cluster.install.initrd': `${bootServer}/assets/initrd.img`,
        ...(method === 'kickstart' ? {} : { 'cluster.install.method': method }),
      });
      const out = join(work, `out-${method}`);
      await generate(inventory, out, join(work, 'pki'));
      return out;
    })();
    outs.set(method, created);
    return created;
  }

  interface BootOptions {
    expectedSha256?: Record<string, string>;
    stopWhen?: RegExp;
    /** Keep serve's default secret rule (secrets only to the host's inventory address). */
    strictSecrets?: boolean;
    /** The VM reports installing and installed with the token of its kickstart. */
    report?: boolean;
  }

  async function bootFrom(
    out: string,
    mac: string,
    label: string,
    options: BootOptions = {},
  ): Promise<BootRun> {
    const { expectedSha256, stopWhen } = options;
    const extraArgs = options.strictSecrets === true ? [] : ['--allow-any-source'];
    const serve = await startServe({ out, port, assets, extraArgs });
    let boot: VmBoot;
    try {
      boot = await bootVm({
        mac,
        bootUrl: `${bootServer}/pxe/boot.ipxe`,
        timeoutMs: BOOT_TIMEOUT_MS,
        serialLog: join(work, `${label}.serial.log`),
        ...(expectedSha256 === undefined ? {} : { expectedSha256 }),
        ...(stopWhen === undefined ? {} : { stopWhen }),
        ...(options.report === true ? { report: true } : {}),
      });
    } finally {
      await serve.stop();
    }
    await writeFile(join(work, `${label}.serve.log`), serve.output());
    timings.push(`${label}: ${(boot.ms / 1000).toFixed(1)} s (${boot.ended})`);
    return { boot, transcript: parseSerialTranscript(boot.serial), log: serve.accessLog() };
  }

  /** What manifest.json says the host's files on this path are: kind -> sha256. */
  function expectedFor(manifest: Map<string, ManifestEntry>, bootCase: BootCase): Record<string, string> {
    const expected: Record<string, string> = {};
    for (const [kind, file] of Object.entries(bootCase.files)) {
      expected[kind] = manifestEntry(manifest, `hosts/${bootCase.host}/${file}`).sha256;
    }
    return expected;
  }

  for (const method of METHODS) {
    const bootCase = CASES[method];
    it(`${method}: ${bootCase.host} boots through boot.ipxe and receives exactly its own files`, async () => {
      const out = await outOf(method);
      const manifest = await readManifest(out);
      const hyphen = bootCase.mac.replaceAll(':', '-');
      const hostScript = await readFile(join(out, `pxe/ipxe/${hyphen}.ipxe`), 'utf8');
      const { boot, transcript, log } = await bootFrom(out, bootCase.mac, method, {
        expectedSha256: expectedFor(manifest, bootCase),
      });

      expect(boot.ended, boot.serial.slice(-3000)).toBe('poweroff');
      expect(transcript.problems).toEqual([]);
      expect(transcript.done).toBe(true);
      // The kernel ran with exactly the arguments of this host's generated iPXE script...
      expect(transcript.cmdline).toBe(kernelArguments(hostScript));
      // ...and its static ip= put the VM on the host's inventory address.
      expect(transcript.network).toBe(`static ip=${bootCase.ip} gateway=10.0.2.2 netmask=255.255.255.0`);
      expect(transcript.address).toBe(`${bootCase.ip}/24`);

      // Byte for byte what generate wrote, and the VM's own check against manifest.json passed.
      expect(transcript.failedFetches).toEqual([]);
      expect(transcript.files.map((f) => f.kind).sort()).toEqual(Object.keys(bootCase.files).sort());
      for (const fetched of transcript.files) {
        const file = `hosts/${bootCase.host}/${bootCase.files[fetched.kind] ?? '?'}`;
        expect(fetched.url).toBe(`${bootServer}/${file}`);
        const onDisk = await readFile(join(out, file));
        expect(fetched.bytes.equals(onDisk), `${file} differs from OUT`).toBe(true);
        expect(fetched.vmSha256).toBe(manifestEntry(manifest, file).sha256);
      }
      expect(transcript.verifications.map((v) => `${v.kind} ${v.result}`).sort()).toEqual(
        Object.keys(bootCase.files)
          .map((kind) => `${kind} ok`)
          .sort(),
      );
      expect(transcript.verdict).toBe('ok');

      // The server's log: the whole chain, every answer 200 with the file's full size, and no
      // other host's file.
      const paths = log.filter((line) => line.path !== '/').map((line) => line.path);
      expect(paths.slice(0, 4)).toEqual([
        '/pxe/boot.ipxe',
        `/pxe/ipxe/${hyphen}.ipxe`,
        new URL(scriptUrl(hostScript, 'kernel')).pathname,
        new URL(scriptUrl(hostScript, 'initrd')).pathname,
      ]);
      const hostFiles = paths.filter((path) => path.startsWith('/hosts/'));
      expect(hostFiles.sort()).toEqual(
        Object.values(bootCase.files)
          .map((f) => `/hosts/${bootCase.host}/${f}`)
          .sort(),
      );
      for (const line of log.filter((l) => l.path !== '/')) {
        expect(line.status, `${line.path}: ${line.reason ?? ''}`).toBe(200);
        if (line.path.startsWith('/hosts/')) {
          expect(line.bytes).toBe(manifestEntry(manifest, line.path.slice(1)).size);
        }
      }
    });
  }

  it('kickstart, the install loop: the VM reports with its own token, its second boot gets the local-disk script, bootforge status shows the phases', async () => {
    const bootCase = CASES.kickstart;
    const hyphen = bootCase.mac.replaceAll(':', '-');
    // A copy of the kickstart OUT, so its state directory (beside it) is this test's alone.
    const out = join(work, 'out-lifecycle');
    await cp(await outOf('kickstart'), out, { recursive: true });
    const token = (await readFile(join(work, 'pki/report-tokens', bootCase.host), 'utf8')).trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // 1. The install boot: the VM reads its token and report URL out of the ks.cfg it fetched.
    const first = await bootFrom(out, bootCase.mac, 'lifecycle-install', { report: true });
    expect(first.boot.ended, first.boot.serial.slice(-3000)).toBe('poweroff');
    expect(first.transcript.problems).toEqual([]);
    expect(first.transcript.reports).toEqual(['installing 202', 'installed 202']);
    const reports = first.log.filter((line) => line.path === `/report/${bootCase.host}`);
    expect(reports.map((line) => [line.method, line.status])).toEqual([
      ['POST', 202],
      ['POST', 202],
    ]);
    expect(first.boot.serial).not.toContain(token);
    expect(await readFile(join(work, 'lifecycle-install.serve.log'), 'utf8')).not.toContain(token);

    // 2. bootforge status, from OUT and the state directory serve kept beside it.
    const status = await runBootforge(['status', out]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`^  ${bootCase.host} +etcd,master +installed +\\d{4}-`, 'm'));
    expect(status.stdout).toContain('0/3 ready, 1 installed, 2 pending');

    // 3. The same VM boots again (a new serve process on the same state): its per-MAC script now
    // boots the local disk; no kernel, no initrd, no kickstart is fetched.
    const second = await bootFrom(out, bootCase.mac, 'lifecycle-second-boot', {
      stopWhen: new RegExp(`${bootCase.host} is installed, booting its local disk`),
    });
    expect(second.boot.ended, second.boot.serial.slice(-3000)).toBe('matched');
    expect(second.boot.serial).not.toContain('BOOTFORGE');
    const script = second.log.filter((line) => line.path === `/pxe/ipxe/${hyphen}.ipxe`);
    expect(script.map((line) => line.status)).toEqual([200]);
    expect(
      second.log.some((line) => line.path.startsWith('/assets/') || line.path.startsWith('/hosts/')),
    ).toBe(false);
  });

  it('an unknown MAC gets the readable refusal on its console and no kernel', async () => {
    const { boot, log } = await bootFrom(await outOf('kickstart'), UNKNOWN_MAC, 'unknown-mac', {
      stopWhen: /leaving network boot|next boot device/,
    });
    expect(boot.ended, boot.serial.slice(-3000)).toBe('matched');
    const refusal = boot.serial.split('\n').filter((line) => line.includes('bootforge:'));
    expect(refusal.join('\n')).toMatch(new RegExp(`${UNKNOWN_MAC}|${UNKNOWN_MAC.replaceAll(':', '-')}`));
    expect(boot.serial).not.toContain('BOOTFORGE');
    const perMac = log.filter((line) => line.path === `/pxe/ipxe/${UNKNOWN_MAC.replaceAll(':', '-')}.ipxe`);
    expect(perMac.length).toBeGreaterThan(0);
    expect(perMac.every((line) => line.reason !== undefined && line.reason.length > 0)).toBe(true);
    expect(log.some((line) => line.path.startsWith('/assets/') || line.path.startsWith('/hosts/'))).toBe(
      false,
    );
  });

  it('without --allow-any-source, the secret ks.cfg is refused to a client that is not at the host address', async () => {
    // The VM runs at 10.0.2.11 (its ip= argument), but QEMU's user network reaches serve from
    // 127.0.0.1: the boot chain (public files) works, the host's secret kickstart is refused.
    const bootCase = CASES.kickstart;
    const out = await outOf('kickstart');
    const manifest = await readManifest(out);
    const ks = `hosts/${bootCase.host}/ks.cfg`;
    expect(manifestEntry(manifest, ks).secret).toBe(true);
    const { boot, transcript, log } = await bootFrom(out, bootCase.mac, 'strict-secrets', {
      expectedSha256: expectedFor(manifest, bootCase),
      strictSecrets: true,
    });
    expect(boot.ended, boot.serial.slice(-3000)).toBe('poweroff');
    expect(transcript.files).toEqual([]);
    expect(transcript.failedFetches).toEqual([`ks ${bootServer}/${ks}`]);
    expect(transcript.verifications).toEqual([
      { kind: 'ks', result: 'missing', expected: manifestEntry(manifest, ks).sha256 },
    ]);
    expect(transcript.verdict).toBe('fail');
    const refused = log.filter((line) => line.path === `/${ks}`);
    expect(refused.map((line) => [line.remote, line.status])).toEqual([['127.0.0.1', 403]]);
    expect(refused[0]?.reason ?? '').not.toBe('');
    expect(log.filter((line) => line.path.startsWith('/pxe/')).every((line) => line.status === 200)).toBe(
      true,
    );
  });

  it('a wrong byte in a served config fails the VM check; serve itself refuses a file that disagrees with manifest.json', async () => {
    const method: Method = 'kickstart';
    const bootCase = CASES[method];
    const good = await outOf(method);
    const file = `hosts/${bootCase.host}/ks.cfg`;
    const goodManifest = await readManifest(good);
    const expected = expectedFor(goodManifest, bootCase);

    // 1. The file changed behind manifest.json's back: serve does not start on that OUT.
    const tampered = join(work, 'out-tampered');
    await cp(good, tampered, { recursive: true });
    const original = await readFile(join(good, file));
    const corrupt = flipOneByte(original);
    await writeFile(join(tampered, file), corrupt);
    const refused = await runBootforge(
      ['serve', tampered, '--listen', '127.0.0.1:0', '--allow-any-source'],
      30_000,
    );
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain(file);

    // 2. A generated file that is wrong with a manifest that agrees with it (what a generator bug
    // would produce): serve serves it; the VM, checking against the known-good sha256, refuses it.
    const manifestPath = join(tampered, 'manifest.json');
    const manifestText = await readFile(manifestPath, 'utf8');
    await writeFile(manifestPath, manifestText.replace(sha256Hex(original), sha256Hex(corrupt)));
    const { transcript } = await bootFrom(tampered, bootCase.mac, 'corrupted', { expectedSha256: expected });
    expect(transcript.problems).toEqual([]);
    const received = transcript.files.find((f) => f.kind === 'ks');
    expect(received?.bytes.equals(corrupt)).toBe(true);
    expect(transcript.verifications).toEqual([
      { kind: 'ks', result: 'mismatch', expected: sha256Hex(original), actual: sha256Hex(corrupt) },
    ]);
    expect(transcript.verdict).toBe('fail');
  });
});

/** The kernel command line a per-host iPXE script gives: the `kernel` line's words after the URL. */
function kernelArguments(script: string): string {
  const words = kernelLine(script);
  const url = words.findIndex((word) => word.startsWith('http'));
  return words.slice(url + 1).join(' ');
}

function kernelLine(script: string): string[] {
  const line = script.split('\n').find((l) => l.startsWith('kernel '));
  if (line === undefined) throw new Error(`no kernel line in\n${script}`);
  return line.replace(/\s*\|\|.*$/, '').split(/\s+/);
}

/** The URL on the script's `kernel` or (first) `initrd` line. */
function scriptUrl(script: string, command: 'kernel' | 'initrd'): string {
  const line = script.split('\n').find((l) => l.startsWith(`${command} `));
  const url = line?.split(/\s+/).find((word) => word.startsWith('http'));
  if (url === undefined) throw new Error(`no ${command} URL in\n${script}`);
  return url;
}

/** One byte changed (the middle one, low bit flipped): the smallest possible corruption. */
function flipOneByte(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  const at = Math.floor(copy.length / 2);
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}

/**
 * The assets directory serve gets with --assets: the Debian kernel and the initramfs under every
 * name the three install paths ask for (EL pxeboot, live image, CoreOS live), as hard links.
 */
async function assetsTree(from: string, to: string): Promise<string> {
  const names: Record<string, string> = {
    vmlinuz: 'vmlinuz',
    'initrd.img': 'initrd.img',
    'live/vmlinuz': 'vmlinuz',
    'live/initrd.img': 'initrd.img',
    'coreos/kernel': 'vmlinuz',
    'coreos/initramfs.img': 'initrd.img',
  };
  for (const [name, source] of Object.entries(names)) {
    await mkdir(join(to, name, '..'), { recursive: true });
    await link(join(from, source), join(to, name));
  }
  return to;
}
