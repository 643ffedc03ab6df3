import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATORS } from '../../generators/registry.js';
import { OS_IDS } from '../../inventory/model.js';
import { parseInventory } from '../../inventory/load.js';
import { OS_FAMILIES } from '../../os/registry.js';
import { osSupportDiagnostics } from '../../plan/os-support.js';
import { planCluster } from '../../plan/plan-cluster.js';
import { placeholderPki } from '../../profiles/preflight.js';
import { synth } from '../../synth/synth.js';

const repo = path.resolve(import.meta.dirname, '../..');
const debianFixture = readFileSync(path.join(repo, 'test/e2e/fixtures/debian-first-boot.yaml'), 'utf8');

function inventory(text: string) {
  const loaded = parseInventory(text, 'inventory.yaml');
  if (loaded.inventory === undefined) throw new Error(JSON.stringify(loaded.diagnostics, null, 2));
  return loaded.inventory;
}

const codes = (text: string, only: string[] = []) =>
  osSupportDiagnostics(planCluster(inventory(text)), only).map((d) => `${d.code} ${d.path}`);

describe('OS families', () => {
  it('every inventory OS id has its family, under its own id', () => {
    expect(Object.keys(OS_FAMILIES).sort()).toEqual([...OS_IDS].sort());
    for (const [id, family] of Object.entries(OS_FAMILIES)) expect(family.id).toBe(id);
  });

  it('families name only registered formats, and a kickstart syntax exactly when they take kickstart', () => {
    const known = GENERATORS.map((g) => g.name);
    for (const family of Object.values(OS_FAMILIES)) {
      expect(
        family.formats.filter((f) => !known.includes(f)),
        family.id,
      ).toEqual([]);
      expect(family.kickstart !== undefined, family.id).toBe(family.formats.includes('kickstart'));
      expect(family.firewall === 'firewalld' || family.hostPackages.every((p) => p !== 'firewalld')).toBe(
        true,
      );
    }
  });

  it('a family boots the Ignition install path exactly when it takes the ignition format (CentOS 7 takes neither)', () => {
    for (const family of Object.values(OS_FAMILIES)) {
      expect(family.installMethods.includes('ignition'), family.id).toBe(family.formats.includes('ignition'));
    }
    expect(OS_FAMILIES.centos7.installMethods).toEqual(['kickstart', 'nocloud']);
    expect(OS_FAMILIES.centos7.formats).not.toContain('ignition');
    expect(OS_FAMILIES.el9.installMethods).toContain('ignition');
  });
});

describe('debian12', () => {
  it('renders only the cloud-image formats: no ks.cfg, config.ign or per-host PXE entries', async () => {
    const plan = planCluster(inventory(debianFixture));
    const { files } = await synth(plan, placeholderPki(plan));
    const paths = files.map((f) => f.path);
    expect(paths).toContain('hosts/deb1/user-data');
    expect(paths).toContain('hosts/deb1/seed.iso');
    expect(paths.filter((p) => /\/(ks\.cfg|config\.ign)$/.test(p) || p.startsWith('pxe/ipxe/'))).toEqual([]);
  });

  it("installs Debian's package names and leaves SELinux and firewalld alone", async () => {
    const plan = planCluster(inventory(debianFixture));
    const { files } = await synth(plan, placeholderPki(plan), { formats: ['cloud-init'], hosts: ['deb1'] });
    const userData = files.find((f) => f.path === 'hosts/deb1/user-data');
    const text = String(userData?.content);
    expect(text).toContain('packages:\n  - chrony\n  - conntrack\n  - iptables\n  - socat\n  - tar\n');
    expect(text).not.toMatch(/selinux|setenforce|firewalld|yum_repos|conntrack-tools/i);
  });

  it('chrony is configured where Debian reads it', async () => {
    const withNtp = debianFixture.replace(
      '    nameservers: [192.0.2.1]\n',
      '    nameservers: [192.0.2.1]\n    ntpServers: [192.0.2.1]\n',
    );
    const plan = planCluster(inventory(withNtp));
    const { files } = await synth(plan, placeholderPki(plan), { formats: ['cloud-init'], hosts: ['deb1'] });
    const text = String(files.find((f) => f.path === 'hosts/deb1/user-data')?.content);
    expect(text).toContain('- path: /etc/chrony/chrony.conf\n');
    expect(text).not.toContain('- path: /etc/chrony.conf\n');
  });
});

describe('what a family cannot do is a diagnostic', () => {
  it('accepts the fixtures as they are', () => {
    expect(codes(debianFixture)).toEqual([]);
    expect(codes(readFileSync(path.join(repo, 'examples/classic.yaml'), 'utf8'))).toEqual([]);
    expect(codes(readFileSync(path.join(repo, 'examples/ha.yaml'), 'utf8'))).toEqual([]);
  });

  it('refuses a runtime the family has no source for, or a containerd older than its tarball path', () => {
    expect(codes(debianFixture.replace('runtime: containerd', 'runtime: docker'))).toEqual([
      'UNSUPPORTED_OS_RUNTIME cluster.runtime',
    ]);
    expect(codes(debianFixture.replace("    containerd: '2.1.3'\n", ''))).toEqual([
      'UNSUPPORTED_OS_RUNTIME cluster.versions.containerd',
    ]);
  });

  it('refuses open ports without a managed firewall', () => {
    const text = debianFixture.replace('  pki:\n', '  install:\n    firewall: open-ports\n  pki:\n');
    expect(codes(text)).toEqual(['UNSUPPORTED_OS_FIREWALL cluster.install.firewall']);
  });

  it('refuses formats asked for by name that cannot configure the family, and only those', () => {
    expect(codes(debianFixture, ['kickstart', 'cloud-init', 'ignition'])).toEqual([
      'UNSUPPORTED_OS_FORMAT cluster.os',
    ]);
    const [d] = osSupportDiagnostics(planCluster(inventory(debianFixture)), ['kickstart']);
    expect(d?.message).toBe('kickstart cannot configure Debian 12 (bookworm) hosts');
    expect(codes(readFileSync(path.join(repo, 'examples/ha.yaml'), 'utf8'), ['kickstart'])).toEqual([]);
  });

  it('refuses Ignition asked for on CentOS 7, where Ignition does not run, but not on EL9', () => {
    const classic = readFileSync(path.join(repo, 'examples/classic.yaml'), 'utf8');
    const [d, ...rest] = osSupportDiagnostics(planCluster(inventory(classic)), ['ignition', 'kickstart']);
    expect(rest).toEqual([]);
    expect(d?.code).toBe('UNSUPPORTED_OS_FORMAT');
    expect(d?.message).toBe('ignition cannot configure CentOS 7 hosts');
    expect(d?.hint).not.toContain('ignition');
    expect(codes(classic, ['kickstart', 'cloud-init'])).toEqual([]);
    expect(codes(classic.replace('  ssh:\n', '  install:\n    method: ignition\n  ssh:\n'))).toEqual([
      'UNSUPPORTED_INSTALL_METHOD cluster.install.method',
    ]);
    expect(codes(readFileSync(path.join(repo, 'examples/ha.yaml'), 'utf8'), ['ignition'])).toEqual([]);
  });
});
