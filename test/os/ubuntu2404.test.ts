/**
 * Ubuntu 24.04 (os/ubuntu2404.ts) on its PXE path, Subiquity's autoinstall: the family's data, the
 * iPXE, GRUB and pxelinux entries test/fixtures/ubuntu-pxe.yaml renders (casper kernel and initrd
 * from the install tree, the ISO by `url=`, the seed by `ds=nocloud-net;s=`, GRUB's `;` quoted and
 * accepted by the real grub-script-check), the inventory's overrides, the per-family default
 * install method, and what is refused (validate and generate: exit 2, code, file:line, hint,
 * nothing written).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OutputFile } from '../../emit/output-file.js';
import { parseInventory } from '../../inventory/load.js';
import { OS_FAMILIES } from '../../os/registry.js';
import { osSupportDiagnostics } from '../../plan/os-support.js';
import { planCluster } from '../../plan/plan-cluster.js';
import { placeholderPki } from '../../profiles/preflight.js';
import { synth } from '../../synth/synth.js';
import { scratchCli } from './scratch-cli.js';
import { hasTool, run } from '../profiles/support.js';

const repo = path.resolve(import.meta.dirname, '../..');
const FIXTURE = readFileSync(path.join(repo, 'test/fixtures/ubuntu-pxe.yaml'), 'utf8');
const work = mkdtempSync(path.join(tmpdir(), 'bootforge-ubuntu-'));
const { variant, lineOf, cli } = scratchCli(work, FIXTURE);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function plan(text = FIXTURE) {
  const loaded = parseInventory(text, 'ubuntu-pxe.yaml');
  if (loaded.inventory === undefined) throw new Error(JSON.stringify(loaded.diagnostics, null, 2));
  return planCluster(loaded.inventory);
}

async function render(text = FIXTURE): Promise<OutputFile[]> {
  const p = plan(text);
  return (await synth(p, placeholderPki(p))).files;
}

const content = (files: readonly OutputFile[], p: string): string => {
  const f = files.find((x) => x.path === p);
  if (f === undefined) throw new Error(`no ${p}`);
  return String(f.content);
};

const ASSETS = 'http://10.0.0.2:8080/assets/ubuntu2404';
const ISO = `${ASSETS}/ubuntu-24.04.3-live-server-amd64.iso`;
const SEED = 'http://10.0.0.2:8080/hosts/nb2/autoinstall/';
const IP = 'ip=10.0.0.22::10.0.0.1:255.255.255.0:nb2::none nameserver=10.0.0.1';

describe('ubuntu2404 family data', () => {
  const f = OS_FAMILIES.ubuntu2404;

  it('is installed over PXE by autoinstall only, from the live-server ISO', () => {
    expect(f.installMethods).toEqual(['autoinstall']);
    expect(f.autoinstall).toEqual({
      kernel: 'casper/vmlinuz',
      initrd: 'casper/initrd',
      iso: 'ubuntu-24.04.3-live-server-amd64.iso',
    });
    for (const format of ['pxe', 'dnsmasq', 'autoinstall', 'cloud-init', 'iso'])
      expect(f.formats).toContain(format);
    expect(f.formats).not.toContain('kickstart');
    expect(f.formats).not.toContain('ignition');
  });

  it('no other family takes autoinstall or renders its seed', () => {
    for (const family of Object.values(OS_FAMILIES)) {
      if (family.id === 'ubuntu2404') continue;
      expect(family.installMethods, family.id).not.toContain('autoinstall');
      expect(family.formats, family.id).not.toContain('autoinstall');
      expect(family.autoinstall, family.id).toBeUndefined();
    }
  });
});

const files = await render();

describe('an Ubuntu PXE inventory', () => {
  const mac = '52-54-00-ab-00-22';

  it('validates and plans with no OS refusal, the autoinstall images under the install tree', () => {
    const p = plan();
    expect(osSupportDiagnostics(p)).toEqual([]);
    expect(p.boot.autoinstall).toEqual({
      kernel: `${ASSETS}/casper/vmlinuz`,
      initrd: `${ASSETS}/casper/initrd`,
      iso: ISO,
    });
  });

  it('renders the autoinstall entry and seed, and no ks.cfg, config.ign or other install path', () => {
    const paths = files.map((f) => f.path);
    for (const h of ['nb1', 'nb2'])
      for (const p of ['user-data', 'meta-data', 'vendor-data'])
        expect(paths).toContain(`hosts/${h}/autoinstall/${p}`);
    expect(paths).toContain(`pxe/ipxe/${mac}-autoinstall.ipxe`);
    expect(paths).toContain('pxe/dnsmasq.conf');
    expect(paths.filter((p) => /(ks\.cfg|config\.ign)$/.test(p))).toEqual([]);
    expect(paths.filter((p) => /-(kickstart|nocloud|ignition)\.ipxe$/.test(p))).toEqual([]);
    expect(content(files, `pxe/ipxe/${mac}.ipxe`)).toBe(content(files, `pxe/ipxe/${mac}-autoinstall.ipxe`));
  });

  it("nginx.conf serves each host's autoinstall user-data only to that host's address", () => {
    const nginx = content(files, 'pxe/nginx.conf');
    expect(nginx).toContain('location = /hosts/nb2/autoinstall/user-data { allow 10.0.0.22; deny all; }\n');
    expect(nginx).toContain('location = /hosts/nb2/autoinstall/meta-data { }\n');
    expect(nginx).toContain('location = /hosts/nb2/autoinstall/vendor-data { }\n');
  });

  it('iPXE boots casper/vmlinuz and casper/initrd with the ISO, the static address and the seed', () => {
    const ipxe = content(files, `pxe/ipxe/${mac}.ipxe`);
    expect(ipxe).toContain(
      `kernel --name vmlinuz ${ASSETS}/casper/vmlinuz initrd=initrd url=${ISO} cloud-config-url=/dev/null ${IP} BOOTIF=01-${mac} autoinstall ds=nocloud-net;s=${SEED} || goto retry\n`,
    );
    expect(ipxe).toContain(`initrd --name initrd ${ASSETS}/casper/initrd || goto retry\n`);
  });

  it('GRUB single-quotes the seed argument (its `;` ends a GRUB command) and fetches over (http,...)', () => {
    const grub = content(files, `pxe/grub/grub.cfg-01-${mac}`);
    expect(grub).toContain('set default=autoinstall\n');
    expect(grub).toContain(
      `  linux (http,10.0.0.2:8080)/assets/ubuntu2404/casper/vmlinuz url=${ISO} cloud-config-url=/dev/null ${IP} BOOTIF=01-${mac} autoinstall 'ds=nocloud-net;s=${SEED}'\n`,
    );
    expect(grub).toContain('  initrd (http,10.0.0.2:8080)/assets/ubuntu2404/casper/initrd\n');
    expect(content(files, `pxe/grub/grub.cfg-${mac}`)).toBe(grub);
  });

  it('pxelinux appends the same arguments, BOOTIF from IPAPPEND 2', () => {
    const pxelinux = content(files, `pxe/pxelinux.cfg/01-${mac}`);
    expect(pxelinux).toContain('DEFAULT autoinstall\n');
    expect(pxelinux).toContain(`  KERNEL ${ASSETS}/casper/vmlinuz\n`);
    expect(pxelinux).toContain(
      `  APPEND initrd=${ASSETS}/casper/initrd url=${ISO} cloud-config-url=/dev/null ${IP} autoinstall ds=nocloud-net;s=${SEED}\n  IPAPPEND 2\n`,
    );
  });

  it.runIf(hasTool('grub-script-check'))('grub-script-check accepts every GRUB file', () => {
    const grubFiles = files.filter((f) => f.path.startsWith('pxe/grub/'));
    expect(grubFiles.length).toBe(5);
    for (const f of grubFiles) {
      const file = path.join(work, f.path.replaceAll('/', '_'));
      writeFileSync(file, String(f.content));
      const result = run('grub-script-check', [file]);
      expect(result.status, `${f.path}: ${result.stderr}${result.stdout}`).toBe(0);
    }
  });

  it('takes install.repo, install.kernel, install.initrd and install.iso from the inventory', async () => {
    const moved = FIXTURE.replace(
      '    method: autoinstall\n',
      '    method: autoinstall\n    repo: http://mirror.lab/ubuntu-24.04/\n',
    );
    expect(plan(moved).boot.autoinstall).toEqual({
      kernel: 'http://mirror.lab/ubuntu-24.04/casper/vmlinuz',
      initrd: 'http://mirror.lab/ubuntu-24.04/casper/initrd',
      iso: 'http://mirror.lab/ubuntu-24.04/ubuntu-24.04.3-live-server-amd64.iso',
    });
    const named = FIXTURE.replace(
      '    method: autoinstall\n',
      '    method: autoinstall\n    kernel: http://k.lab/linux\n    initrd: http://k.lab/initrd\n    iso: http://k.lab/noble.iso\n',
    );
    const ipxe = content(await render(named), `pxe/ipxe/${mac}.ipxe`);
    expect(ipxe).toContain(
      'kernel --name vmlinuz http://k.lab/linux initrd=initrd url=http://k.lab/noble.iso ',
    );
    expect(ipxe).toContain('initrd --name initrd http://k.lab/initrd ');
  });

  it('defaults install.method to autoinstall when the inventory names none', () => {
    const bare = FIXTURE.replace('    method: autoinstall\n', '');
    expect(bare).not.toContain('method:');
    const p = plan(bare);
    expect(p.boot.method).toBe('autoinstall');
    expect(osSupportDiagnostics(p)).toEqual([]);
  });
});

describe('an install method the family cannot take is refused by validate and generate: exit 2, located, nothing written', () => {
  const classic = readFileSync(path.join(repo, 'examples/classic.yaml'), 'utf8');
  const debian = readFileSync(path.join(repo, 'test/e2e/fixtures/debian-first-boot.yaml'), 'utf8');
  const cases: [string, () => string, string, string][] = [
    [
      'kickstart on ubuntu2404',
      () => variant('ks-on-ubuntu.yaml', 'method: autoinstall', 'method: kickstart'),
      'Ubuntu 24.04 LTS (noble) cannot be installed through the kickstart path',
      'use install.method: autoinstall',
    ],
    [
      'autoinstall on el9',
      () => variant('ai-on-el9.yaml', 'os: ubuntu2404', 'os: el9'),
      'EL9 (CentOS Stream 9, Rocky 9, Alma 9) cannot be installed through the autoinstall path',
      'use install.method: kickstart or nocloud or ignition',
    ],
    [
      'autoinstall on debian12, which has no PXE path',
      () => variant('ai-on-debian.yaml', '  pki:\n', '  install:\n    method: autoinstall\n  pki:\n', debian),
      'Debian 12 (bookworm) cannot be installed through the autoinstall path',
      'Debian 12 \\(bookworm\\) has no PXE install path: remove install.method',
    ],
    [
      'autoinstall on centos7 (the classic example)',
      () =>
        variant(
          'ai-on-centos7.yaml',
          '  bootServer: http://10.0.0.2:8080\n',
          '  bootServer: http://10.0.0.2:8080\n  install:\n    method: autoinstall\n',
          classic,
        ),
      'CentOS 7 cannot be installed through the autoinstall path',
      'use install.method: kickstart or nocloud',
    ],
  ];

  it.each(cases)('%s', async (_label, make, message, hint) => {
    const file = make();
    const line = lineOf(file, 'method:');
    expect(line).toBeGreaterThan(0);
    const pattern = new RegExp(
      `^${file.replaceAll('.', '\\.')}:${line}:\\d+ error UNSUPPORTED_INSTALL_METHOD cluster\\.install\\.method: ${message.replace(/[()]/g, '\\$&')}\\n {2}hint: ${hint}`,
      'm',
    );
    const validated = await cli('validate', file);
    expect(validated.code).toBe(2);
    expect(validated.stdout + validated.stderr).toMatch(pattern);
    const out = `out-${file}`;
    const pki = `pki-${file}`;
    const generated = await cli('generate', file, '-o', out, '--pki', pki);
    expect(generated.code).toBe(2);
    expect(generated.stderr).toMatch(pattern);
    expect(existsSync(path.join(work, out))).toBe(false);
    expect(existsSync(path.join(work, pki))).toBe(false);
  });

  it("generate's summary names only the formats it wrote: no ignition or kickstart for Ubuntu hosts", async () => {
    writeFileSync(path.join(work, 'summary.yaml'), FIXTURE);
    const r = await cli('generate', 'summary.yaml', '-o', 'out-summary', '--pki', 'pki-summary');
    expect(r.code, r.stderr).toBe(0);
    const line = /generated \d+ files for 2 hosts in out-summary \(([^)]*)\)/.exec(r.stderr);
    expect(line, r.stderr).not.toBeNull();
    const named = (line?.[1] ?? '').split(', ');
    expect(named).toEqual(expect.arrayContaining(['cloud-init', 'pxe', 'autoinstall']));
    expect(named).not.toContain('ignition');
    expect(named).not.toContain('kickstart');
  });

  it('generate --only autoinstall is refused for EL hosts at cluster.os', async () => {
    writeFileSync(path.join(work, 'classic.yaml'), classic);
    const r = await cli(
      'generate',
      'classic.yaml',
      '-o',
      'out-only',
      '--pki',
      'pki-only',
      '--only',
      'autoinstall',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^classic\.yaml:\d+:\d+ error UNSUPPORTED_OS_FORMAT cluster\.os: autoinstall cannot configure CentOS 7 hosts/m,
    );
    expect(existsSync(path.join(work, 'out-only'))).toBe(false);
    expect(existsSync(path.join(work, 'pki-only'))).toBe(false);
  });
});
