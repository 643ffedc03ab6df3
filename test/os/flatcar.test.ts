/**
 * Flatcar Container Linux (os/flatcar.ts): the family's data, what a Flatcar inventory renders
 * (config.ign checked by the real ignition-validate, shellcheck and systemd-analyze verify; no
 * package installs, binaries and scripts under /opt, no dependency on units Flatcar lacks; the
 * Flatcar PXE images and arguments) and what it refuses (validate and generate: exit 2, code,
 * file:line, hint, nothing written).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderIgnition } from '../../generators/ignition/config.js';
import { prepareHost } from '../../generators/shared/prepare-host.js';
import type { HostConfig } from '../../host/host-config.js';
import { isRemote } from '../../host/host-config.js';
import { parseInventory } from '../../inventory/load.js';
import { OS_FAMILIES } from '../../os/registry.js';
import { osSupportDiagnostics } from '../../plan/os-support.js';
import { planCluster } from '../../plan/plan-cluster.js';
import { buildHostConfigs } from '../../profiles/build-host-config.js';
import { resolveArtifacts } from '../../profiles/artifacts.js';
import { placeholderPki } from '../../profiles/preflight.js';
import { hostArtifacts, hostComponents } from '../../profiles/roles.js';
import { synth } from '../../synth/synth.js';
import { fakePki } from '../profiles/fixtures.js';
import { scratchCli } from './scratch-cli.js';
import { hasTool, run, scripts, writeHostRoot } from '../profiles/support.js';

const repo = path.resolve(import.meta.dirname, '../..');
const FIXTURE = readFileSync(path.join(repo, 'test/fixtures/flatcar.yaml'), 'utf8');
const work = mkdtempSync(path.join(tmpdir(), 'bootforge-flatcar-'));
const { variant, lineOf, cli } = scratchCli(work, FIXTURE);
afterAll(() => rmSync(work, { recursive: true, force: true }));

function inventory(text: string) {
  const loaded = parseInventory(text, 'flatcar.yaml');
  if (loaded.inventory === undefined) throw new Error(JSON.stringify(loaded.diagnostics, null, 2));
  return loaded.inventory;
}

const plan = planCluster(inventory(FIXTURE));
const configs: HostConfig[] = buildHostConfigs(plan, fakePki(plan)).map(prepareHost);
const config = (name: string): HostConfig => configs.find((c) => c.hostname === name)!;

/** Every unit file and drop-in text of a HostConfig. */
function unitTexts(c: HostConfig): [string, string][] {
  return c.units.flatMap((u) => [
    ...(u.contents === undefined ? [] : [[u.name, u.contents] as [string, string]]),
    ...u.dropins.map((d): [string, string] => [`${u.name}.d/${d.name}`, d.contents]),
  ]);
}

describe('flatcar family data', () => {
  const f = OS_FAMILIES.flatcar;

  it('is image-based: no package manager, binaries and scripts under /opt, the shipped containerd', () => {
    expect(f.packageManager).toBe('none');
    expect(f.hostPackages).toEqual([]);
    expect([f.binDir, f.sbinDir, f.scriptDir].every((d) => d.startsWith('/opt/'))).toBe(true);
    expect(f.runtimes).toEqual({ containerd: 'os' });
    expect(f.shippedContainerd?.execStart).toBe('/usr/bin/containerd');
    expect(f.network).toBe('systemd-networkd');
    expect(f.timeSync.daemon).toBe('systemd-timesyncd');
    expect(f.fstab).toBe(false);
  });

  it('takes Ignition and its PXE path only: no kickstart, cloud-init, seed ISO, vSphere or cloud', () => {
    expect(f.installMethods).toEqual(['ignition']);
    expect(f.formats).toContain('ignition');
    expect(f.formats).toContain('pxe');
    for (const no of ['kickstart', 'cloud-init', 'iso', 'vsphere', 'cloud'])
      expect(f.formats).not.toContain(no);
    expect(f.kickstart).toBeUndefined();
    expect(f.ignitionPxe).toEqual({
      boot: 'flatcar-live',
      dir: 'flatcar',
      kernel: 'flatcar_production_pxe.vmlinuz',
      initramfs: 'flatcar_production_pxe_image.cpio.gz',
    });
  });
});

describe('a Flatcar inventory', () => {
  it('validates and plans with no OS refusal', () => {
    expect(osSupportDiagnostics(plan)).toEqual([]);
  });

  it('renders config.ign and the Flatcar PXE entries, and no ks.cfg, user-data or seed ISO', async () => {
    const { files } = await synth(plan, placeholderPki(plan));
    const paths = files.map((f) => f.path);
    for (const h of ['fc1', 'fc2', 'fc3']) expect(paths).toContain(`hosts/${h}/config.ign`);
    expect(paths.filter((p) => /\/(ks\.cfg|user-data|meta-data|seed\.iso)$/.test(p))).toEqual([]);
    expect(paths.filter((p) => /-(kickstart|nocloud)\.ipxe$/.test(p))).toEqual([]);
    const ipxe = String(files.find((f) => f.path === 'pxe/ipxe/52-54-00-fc-00-12.ipxe')?.content);
    expect(ipxe).toContain(
      'kernel --name vmlinuz http://10.0.0.2:8080/assets/flatcar/flatcar_production_pxe.vmlinuz initrd=initrd flatcar.first_boot=1 ignition.config.url=http://10.0.0.2:8080/hosts/fc2/config.ign ip=10.0.0.12::10.0.0.1:255.255.255.0:fc2::none',
    );
    expect(ipxe).toContain(
      'initrd --name initrd http://10.0.0.2:8080/assets/flatcar/flatcar_production_pxe_image.cpio.gz',
    );
    expect(ipxe).not.toMatch(/coreos\.|rootfs_url/);
    const grub = String(files.find((f) => f.path === 'pxe/grub/grub.cfg-01-52-54-00-fc-00-12')?.content);
    expect(grub).toContain(
      'flatcar.first_boot=1 ignition.config.url=http://10.0.0.2:8080/hosts/fc2/config.ign',
    );
  });

  describe.each(['fc1', 'fc2'])('%s config.ign', (name) => {
    const host = config(name);
    const text = renderIgnition(host);
    const ign = JSON.parse(text) as {
      storage: { files: { path: string }[]; directories?: { path: string }[] };
      systemd: { units: { name: string }[] };
    };

    it.skipIf(!hasTool('ignition-validate'))('passes ignition-validate with no output at all', () => {
      const file = path.join(work, `${name}.ign`);
      writeFileSync(file, text);
      const result = run('ignition-validate', [file]);
      expect(result.stdout + result.stderr).toBe('');
      expect(result.status).toBe(0);
    });

    it('installs no packages and writes nothing under the read-only /usr', () => {
      expect(host.packages).toEqual([]);
      expect(host.repositories).toEqual([]);
      const written = [...ign.storage.files, ...(ign.storage.directories ?? [])].map((f) => f.path);
      expect(written.filter((p) => p.startsWith('/usr/'))).toEqual([]);
      for (const [where, content] of [
        ...scripts(host).map((s): [string, string] => [s.path, s.content]),
        ...unitTexts(host),
      ])
        expect(content, where).not.toMatch(/\b(yum|dnf|apt-get|rpm|dpkg)\b|\/usr\/local\//);
    });

    it('puts every downloaded binary under /opt/bin and every script under /opt/libexec/bootforge', () => {
      const installs = resolveArtifacts(
        plan,
        hostArtifacts(
          plan,
          hostComponents(
            plan,
            plan.hosts.find((h) => h.name === name)!,
          ),
        ),
      ).flatMap((a) => a.installs.map((i) => i.to));
      expect(installs.length).toBeGreaterThan(0);
      expect(installs.filter((p) => !p.startsWith('/opt/bin/') && !p.startsWith('/opt/cni/bin/'))).toEqual(
        [],
      );
      expect(
        host.files
          .filter(isRemote)
          .map((f) => f.path)
          .filter((p) => !p.startsWith('/opt/')),
      ).toEqual([]);
      expect(
        scripts(host)
          .map((s) => path.dirname(s.path))
          .filter((d) => d !== '/opt/libexec/bootforge' && d !== '/opt/bin'),
      ).toEqual([]);
      expect(
        unitTexts(host)
          .flatMap(([, t]) => [...t.matchAll(/^ExecStart(?:Pre)?=-?(\/\S+)/gm)].map((m) => m[1]!))
          .filter(
            (p) => !p.startsWith('/opt/') && !['/usr/bin/containerd', '/bin/kill', '/bin/sh'].includes(p),
          ),
      ).toEqual([]);
    });

    it('depends on no unit Flatcar lacks (no Requires= outside its own units, no firewalld, no docker)', () => {
      const own = new Set(host.units.map((u) => u.name));
      const required = unitTexts(host).flatMap(([, t]) =>
        [...t.matchAll(/^(?:Requires|BindsTo)=(.*)$/gm)].flatMap((m) => m[1]!.split(/\s+/)),
      );
      expect(required.filter((u) => u !== '' && !own.has(u))).toEqual([]);
      for (const [where, t] of unitTexts(host))
        expect(t, where).not.toMatch(/firewalld|docker\.service|chronyd/);
      expect(ign.systemd.units.map((u) => u.name)).not.toContain('docker.service');
    });

    it('turns swap off without editing the /etc/fstab Flatcar does not have', () => {
      const prereq = scripts(host).find((s) => s.path === '/opt/libexec/bootforge/k8s-prerequisites.sh');
      expect(prereq?.content).toContain('\nswapoff -a\n');
      expect(prereq?.content).not.toContain('/etc/fstab');
      expect(prereq?.content).not.toMatch(/setenforce|firewalld/);
    });

    it('configures the address with a systemd-networkd .network file matched by MAC, and time with timesyncd', () => {
      const network = host.files.find((f) => f.path === '/etc/systemd/network/00-eth0.network');
      expect(network).toBeUndefined(); // written by config.ign itself, not the HostConfig
      expect(text).not.toContain('NetworkManager');
      const files = ign.storage.files.map((f) => f.path);
      expect(files).toContain('/etc/systemd/network/00-eth0.network');
      expect(files).toContain('/etc/systemd/timesyncd.conf.d/bootforge.conf');
      expect(files).not.toContain('/etc/chrony.conf');
    });

    it.skipIf(!hasTool('shellcheck'))('every script it writes passes shellcheck', () => {
      for (const s of scripts(host)) {
        const shell = s.content.startsWith('#!/bin/bash') ? 'bash' : 'sh';
        const result = run('shellcheck', ['--shell', shell, '--format', 'gcc', '-'], s.content);
        expect(result.stdout + result.stderr, s.path).toBe('');
      }
    });

    it.skipIf(!hasTool('systemd-analyze'))(
      'every unit passes systemd-analyze verify (containerd.service as Flatcar ships it)',
      () => {
        const root = mkdtempSync(path.join(work, `units-${name}-`));
        const hostPlan = plan.hosts.find((h) => h.name === name)!;
        const units = writeHostRoot(root, plan, hostPlan, host);
        if (host.units.some((u) => u.name === 'containerd.service')) {
          mkdirSync(path.join(root, 'usr/lib/systemd/system'), { recursive: true });
          writeFileSync(
            path.join(root, 'usr/lib/systemd/system/containerd.service'),
            '[Service]\nExecStart=/usr/bin/containerd --config /usr/share/containerd/config.toml\n',
          );
        }
        const result = run('systemd-analyze', ['verify', '--man=no', `--root=${root}`, ...units]);
        expect(result.stdout + result.stderr).toBe('');
        expect(result.status).toBe(0);
      },
      120_000,
    );
  });

  it("points the shipped containerd at bootforge's config, and installs no containerd or runc", () => {
    const node = config('fc2');
    const containerd = node.units.find((u) => u.name === 'containerd.service');
    expect(containerd?.contents).toBeUndefined();
    expect(containerd?.dropins.map((d) => d.name)).toEqual(['10-bootforge.conf', '20-shipped-config.conf']);
    expect(containerd?.dropins[1]?.contents).toContain(
      'ExecStart=\nExecStart=/usr/bin/containerd --config /etc/containerd/config.toml\n',
    );
    const toml = node.files.find((f) => f.path === '/etc/containerd/config.toml');
    expect(toml !== undefined && !isRemote(toml) && toml.content).toMatch(/^version = 2$/m);
    const ids = hostArtifacts(
      plan,
      hostComponents(
        plan,
        plan.hosts.find((h) => h.name === 'fc2')!,
      ),
    );
    expect(ids).not.toContain('containerd');
    expect(ids).not.toContain('runc');
  });
});

describe('what Flatcar cannot do is refused by validate and generate: exit 2, located, nothing written', () => {
  const cases: [string, string, string, string, string, string][] = [
    [
      'kickstart install path',
      'method: ignition',
      'method: kickstart',
      'UNSUPPORTED_INSTALL_METHOD',
      'cluster.install.method',
      'use install.method: ignition',
    ],
    [
      'docker runtime',
      'runtime: containerd',
      'runtime: docker',
      'UNSUPPORTED_OS_RUNTIME',
      'cluster.runtime',
      'use runtime: containerd',
    ],
    [
      'open ports',
      '    method: ignition\n',
      '    method: ignition\n    firewall: open-ports\n',
      'UNSUPPORTED_OS_FIREWALL',
      'cluster.install.firewall',
      'set install.firewall: disabled',
    ],
  ];

  it.each(cases)('%s', async (label, from, to, code, at, hint) => {
    const file = variant(`${code}.yaml`, from, to);
    const needle = at.split('.').at(-1)!;
    const line = lineOf(file, `${needle}:`);
    const pattern = new RegExp(
      `^${file.replace('.', '\\.')}:${line}:\\d+ error ${code} ${at.replace(/\./g, '\\.')}: .*\\n {2}hint: ${hint}`,
      'm',
    );
    const validated = await cli('validate', file);
    expect(validated.code, label).toBe(2);
    expect(validated.stdout + validated.stderr).toMatch(pattern);
    const generated = await cli('generate', file, '-o', `out-${code}`, '--pki', `pki-${code}`);
    expect(generated.code).toBe(2);
    expect(generated.stderr).toMatch(pattern);
    expect(existsSync(path.join(work, `out-${code}`))).toBe(false);
    expect(existsSync(path.join(work, `pki-${code}`))).toBe(false);
  });

  it('generate --only kickstart (or cloud-init) is refused at cluster.os', async () => {
    writeFileSync(path.join(work, 'flatcar.yaml'), FIXTURE);
    const line = lineOf('flatcar.yaml', 'os: flatcar');
    const r = await cli(
      'generate',
      'flatcar.yaml',
      '-o',
      'out-ks',
      '--pki',
      'pki-ks',
      '--only',
      'kickstart,cloud-init',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `^flatcar\\.yaml:${line}:\\d+ error UNSUPPORTED_OS_FORMAT cluster\\.os: kickstart, cloud-init cannot configure Flatcar Container Linux hosts\\n {2}hint: Flatcar Container Linux takes: ignition, pxe,`,
        'm',
      ),
    );
    expect(existsSync(path.join(work, 'out-ks'))).toBe(false);
    expect(existsSync(path.join(work, 'pki-ks'))).toBe(false);
  });
});
