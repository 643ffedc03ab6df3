/**
 * Valid inventories (test/fixtures/inventories/valid): no errors; warnings exactly as listed in
 * their `# expect: warning CODE LINE PATH` lines.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../inventory/load.js';
import { planCluster } from '../../plan/plan-cluster.js';

const dir = path.resolve(import.meta.dirname, '../fixtures/inventories/valid');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

function expectedWarnings(text: string): string[] {
  return [...text.matchAll(/^# expect: warning ([A-Z0-9_]+) (\d+) ?(.*)$/gm)].map(
    (m) => `${m[1]} ${m[2]} ${m[3]}`,
  );
}

describe('valid inventory corpus', () => {
  it.each(files)('%s loads with no errors and plans', async (file) => {
    const full = path.join(dir, file);
    const { inventory, diagnostics } = await loadInventory(full);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(diagnostics.map((d) => `${d.code} ${d.position?.line} ${d.path}`).sort()).toEqual(
      expectedWarnings(readFileSync(full, 'utf8')).sort(),
    );
    if (!inventory) throw new Error('no inventory');
    expect(() => planCluster(inventory)).not.toThrow();
  });

  it('full.yaml: every key reaches the typed inventory and the plan', async () => {
    const { inventory } = await loadInventory(path.join(dir, 'full.yaml'));
    if (!inventory) throw new Error('no inventory');
    const { cluster, hosts } = inventory;
    expect(cluster.kubernetes).toMatchObject({
      nodeSubnetLength: 25,
      kubeletCredentials: 'static',
      dnsDomain: 'lab.internal',
    });
    expect(cluster.network).toMatchObject({ interface: 'ens192', mtu: 9000 });
    expect(cluster.install).toMatchObject({ disk: '/dev/vda', selinux: 'enforcing', firewall: 'open-ports' });
    expect(cluster.pki).toEqual({ keyAlgorithm: 'ecdsa', leafDays: 730, adminOnMasters: false });
    expect(cluster.profilesDir).toBe('profiles');
    expect(hosts.map((h) => h.mac)).toEqual([
      '52:54:00:aa:00:11',
      '52:54:00:aa:00:12',
      '52:54:00:aa:00:13',
      '52:54:00:aa:00:21',
    ]);
    expect(hosts[0]).toMatchObject({ interface: 'ens192', disk: '/dev/vda', labels: {}, profiles: [] });
    expect(hosts[3]).toMatchObject({ interface: 'eno1', profiles: ['gpu', 'local-storage'] });
    const plan = planCluster(inventory);
    expect(plan.apiServerURL).toBe('https://api.lab.example.com:443');
    expect(plan.flannel).toMatchObject({
      subnetLength: 25,
      capacity: 511,
      backend: 'host-gw',
      etcdApi: 'v3',
    });
    expect(plan.flannel.config).toBe(
      '{"Network":"10.244.0.0/16","SubnetLen":25,"Backend":{"Type":"host-gw"}}',
    );
    expect(plan.versions).toMatchObject({
      flannel: '0.26.7',
      docker: '27.5.1',
      criDockerd: '0.3.17',
      etcd: '3.5.21',
    });
  });

  it('single-node.yaml: one host with every role on a /28 host network', async () => {
    const { inventory } = await loadInventory(path.join(dir, 'single-node.yaml'));
    if (!inventory) throw new Error('no inventory');
    const plan = planCluster(inventory);
    expect(plan.apiServiceIP).toBe('10.32.0.1');
    expect(plan.dnsServiceIP).toBe('10.32.0.10');
    expect(plan.hosts[0]).toMatchObject({
      bootstrapper: true,
      runsFlannel: true,
      runsKubelet: true,
      netmask: '255.255.255.240',
    });
    expect(plan.etcdMembers).toHaveLength(1);
  });
});
