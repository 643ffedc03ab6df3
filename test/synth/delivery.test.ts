/**
 * cluster.delivery (and a host's own delivery) picks the formats rendered and the limits checked:
 * the default [pxe, iso] renders no vSphere, cloud or bundle files and warns about no cloud
 * limit; a host delivered without pxe needs no MAC and gets no PXE files; a cluster without pxe
 * needs no bootServer.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { toText } from '../../encoders/bytes.js';
import type { FormattedFile } from '../../emit/output-file.js';
import { parseInventory } from '../../inventory/load.js';
import { planCluster } from '../../plan/plan-cluster.js';
import { buildHostConfig } from '../../profiles/build-host-config.js';
import { placeholderPki } from '../../profiles/preflight.js';
import { main } from '../../cli/main.js';
import { captureTerminal } from '../../cli/terminal.js';
import { synth } from '../../synth/synth.js';
import { hasTool, run } from '../generators/support/tools.js';

const repo = path.resolve(import.meta.dirname, '../..');
const classicText = readFileSync(path.join(repo, 'examples/classic.yaml'), 'utf8');

/** classic.yaml with `edit` applied to its text. */
function classic(edit: (text: string) => string = (t) => t) {
  const result = parseInventory(edit(classicText), 'classic.yaml');
  return result;
}

function planOf(edit?: (text: string) => string) {
  const { inventory, diagnostics } = classic(edit);
  if (!inventory) throw new Error(JSON.stringify(diagnostics, null, 2));
  const plan = planCluster(inventory);
  return { plan, pki: placeholderPki(plan) };
}

const paths = (files: readonly FormattedFile[]): string[] => files.map((f) => f.path);
const file = (files: readonly FormattedFile[], p: string): string => {
  const f = files.find((x) => x.path === p);
  if (f === undefined) throw new Error(`no ${p}`);
  return toText(f.content);
};

/** knode2 delivered by seed ISO only, written without a MAC. */
const isoOnlyKnode2 = (t: string): string =>
  t.replace(
    '{ name: knode2, roles: [node], ip: 10.0.0.12, mac: "52:54:00:00:00:12" }',
    '{ name: knode2, roles: [node], ip: 10.0.0.12, delivery: [iso] }',
  );

describe('delivery', () => {
  it('defaults to [pxe, iso]: host configs, seed ISOs and PXE; no vSphere, cloud or bundle files', async () => {
    const { plan, pki } = planOf();
    expect(plan.hosts.map((h) => h.delivery)).toEqual(plan.hosts.map(() => ['pxe', 'iso']));
    const { files } = await synth(plan, pki);
    const all = paths(files);
    expect(all).toContain('hosts/knode1/seed.iso');
    expect(all).toContain('hosts/knode1/user-data');
    expect(all).toContain('hosts/knode1/ks.cfg');
    // classic is CentOS 7, which cannot boot Ignition: no config.ign whatever the delivery.
    expect(all.filter((p) => p.endsWith('config.ign') || p.includes('ignition'))).toEqual([]);
    expect(all).toContain('pxe/boot.ipxe');
    expect(all).toContain('pxe/dnsmasq.conf');
    expect(all).toContain('pxe/nginx.conf');
    expect(all.filter((p) => /\/(vsphere|cloud)\/|^cloud\/|^bundles\//.test(p))).toEqual([]);
  });

  it('checks no cloud limit on a cluster not delivered to a cloud (no USER_DATA_TOO_LARGE for aws)', async () => {
    const { plan, pki } = planOf();
    // Incompressible content: far over every cloud limit, even gzipped.
    const noise = randomBytes(40_000).toString('base64');
    const hostConfig = (host: (typeof plan.hosts)[number]) => {
      const config = buildHostConfig(plan, host, pki);
      return {
        ...config,
        files: [...config.files, { path: '/etc/noise', mode: 0o644, content: noise, secret: false }],
      };
    };
    expect((await synth(plan, pki, { hostConfig })).diagnostics).toEqual([]);
    // The same hosts delivered to AWS: the warning is about aws only.
    const aws = planOf((t) => t.replace('  ssh:\n', '  delivery: [pxe, cloud:aws]\n  ssh:\n'));
    const awsConfig = (host: (typeof aws.plan.hosts)[number]) => {
      const config = buildHostConfig(aws.plan, host, aws.pki);
      return {
        ...config,
        files: [...config.files, { path: '/etc/noise', mode: 0o644, content: noise, secret: false }],
      };
    };
    const { diagnostics, files } = await synth(aws.plan, aws.pki, { hostConfig: awsConfig });
    expect(diagnostics.map((d) => d.code)).toEqual(aws.plan.hosts.map(() => 'USER_DATA_TOO_LARGE'));
    expect(diagnostics.every((d) => d.message.includes(' for aws '))).toBe(true);
    const sizes = JSON.parse(file(files, 'cloud/sizes.json')) as {
      targets: Record<string, unknown>;
      hosts: Record<string, { targets: Record<string, unknown> }>;
    };
    expect(Object.keys(sizes.targets)).toEqual(['aws']);
    expect(Object.keys(sizes.hosts['knode1']!.targets)).toEqual(['aws']);
  });

  it('renders each cloud target a host is delivered to, and only those', async () => {
    const { plan, pki } = planOf((t) =>
      t.replace('  ssh:\n', '  delivery: [iso, cloud:gcp, cloud:azure]\n  ssh:\n'),
    );
    const { files } = await synth(plan, pki);
    expect(paths(files).filter((p) => p.startsWith('hosts/knode1/cloud/'))).toEqual([
      'hosts/knode1/cloud/user-data.azure',
      'hosts/knode1/cloud/user-data.gcp',
    ]);
  });

  it('a host override without pxe needs no MAC and gets no PXE files; the others keep theirs', async () => {
    const { inventory, diagnostics } = classic(isoOnlyKnode2);
    expect(diagnostics).toEqual([]);
    expect(inventory!.hosts[1]).toMatchObject({ name: 'knode2', delivery: ['iso'] });
    expect(inventory!.hosts[1]!.mac).toBeUndefined();
    const { plan, pki } = planOf(isoOnlyKnode2);
    const { files, manifest } = await synth(plan, pki);
    const all = paths(files);
    expect(all).toContain('hosts/knode2/seed.iso');
    expect(all).toContain('pxe/ipxe/52-54-00-00-00-11.ipxe');
    expect(files.filter((f) => f.host === 'knode2' && f.path.startsWith('pxe/'))).toEqual([]);
    const dnsmasq = file(files, 'pxe/dnsmasq.conf');
    expect(dnsmasq).toContain('knode1');
    expect(dnsmasq).not.toContain('knode2');
    expect(manifest.hosts.find((h) => h.name === 'knode2')?.mac).toBeNull();
    // Without a MAC the network configs match the interface by name.
    expect(file(files, 'hosts/knode2/network-config')).not.toContain('mac_address');
    expect(file(files, 'hosts/knode2/network-config')).toContain('name: eth0');
    expect(file(files, 'hosts/knode2/ks.cfg')).toMatch(/^network --device=eth0 /m);
    expect(file(files, 'hosts/knode1/ks.cfg')).toMatch(/^network --device=52:54:00:00:00:11 /m);
    // The same hosts on EL9, whose hosts take Ignition: config.ign matches the interface by name too.
    const el9 = planOf((t) => isoOnlyKnode2(t).replace('os: centos7', 'os: el9'));
    const el9Files = (await synth(el9.plan, el9.pki)).files;
    expect(file(el9Files, 'hosts/knode1/config.ign')).toContain('mac-address=52:54:00:00:00:11');
    const ign = file(el9Files, 'hosts/knode2/config.ign');
    expect(ign).not.toContain('mac-address');
    expect(ign).toContain('interface-name=eth0');
    if (!hasTool('ignition-validate')) return;
    const dir = mkdtempSync(path.join(tmpdir(), 'bootforge-delivery-'));
    try {
      writeFileSync(path.join(dir, 'config.ign'), ign);
      const result = run('ignition-validate', [path.join(dir, 'config.ign')]);
      expect(result.stdout + result.stderr).toBe('');
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a PXE-delivered host without a MAC is refused with MISSING_KEY at hosts[i].mac', () => {
    const { inventory, diagnostics } = classic((t) => t.replace(', mac: "52:54:00:00:00:12" }', ' }'));
    expect(inventory).toBeUndefined();
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'MISSING_KEY',
        path: 'hosts[1].mac',
        message: expect.stringContaining('delivered by pxe') as string,
        position: expect.objectContaining({ line: 28 }) as object,
      }),
    ]);
  });

  it('a cluster without pxe needs no bootServer and renders no pxe/ files', async () => {
    const noPxe = (t: string): string =>
      t
        .replace('  bootServer: http://10.0.0.2:8080\n', '  delivery: [iso, vsphere]\n')
        .replaceAll(/, mac: "[^"]+"/g, '')
        .replace('    mac: "52:54:00:00:00:11"\n', '');
    const { inventory, diagnostics } = classic(noPxe);
    expect(diagnostics).toEqual([]);
    expect(inventory!.cluster.bootServer).toBeUndefined();
    const { plan, pki } = planOf(noPxe);
    const { files } = await synth(plan, pki);
    expect(paths(files).filter((p) => p.startsWith('pxe/'))).toEqual([]);
    expect(paths(files)).toContain('hosts/knode1/vsphere/govc.sh');
    expect(paths(files)).toContain('hosts/knode4/seed.iso');
  });

  it('pxe without a bootServer is refused with MISSING_KEY at cluster.bootServer', () => {
    const { diagnostics } = classic((t) => t.replace('  bootServer: http://10.0.0.2:8080\n', ''));
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'MISSING_KEY', path: 'cluster.bootServer' }),
    ]);
  });

  it('renders nothing for a format no host is delivered by; generate --only refuses it (exit 2)', async () => {
    const { plan, pki } = planOf();
    const { files } = await synth(plan, pki, { formats: ['vsphere'] });
    expect(paths(files).filter((p) => p.includes('vsphere'))).toEqual([]);
    const dir = mkdtempSync(path.join(tmpdir(), 'bootforge-delivery-'));
    try {
      writeFileSync(path.join(dir, 'classic.yaml'), classicText);
      const term = captureTerminal({ cwd: dir });
      expect(await main(['generate', 'classic.yaml', '-o', 'out', '--only', 'vsphere'], term)).toBe(2);
      expect(term.stderr).toContain('add vsphere to cluster.delivery');
      expect(existsSync(path.join(dir, 'out'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a partial run drops the files of a format a host is no longer delivered by', async () => {
    const every = planOf((t) => t.replace('  ssh:\n', '  delivery: [pxe, iso, vsphere, bundle]\n  ssh:\n'));
    const before = await synth(every.plan, every.pki);
    expect(paths(before.files)).toContain('hosts/knode3/vsphere/govc.sh');
    const { plan, pki } = planOf();
    const after = await synth(plan, pki, {
      hosts: ['knode2'],
      formats: ['kickstart'],
      previous: before.files,
    });
    expect(paths(after.files).filter((p) => /vsphere|bundles/.test(p))).toEqual([]);
  });
});
