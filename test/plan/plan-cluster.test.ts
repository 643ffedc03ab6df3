import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../inventory/load.js';
import type { Inventory } from '../../inventory/model.js';
import { planCluster } from '../../plan/plan-cluster.js';

const examples = path.resolve(import.meta.dirname, '../../examples');

async function example(name: string): Promise<Inventory> {
  const { inventory, diagnostics } = await loadInventory(path.join(examples, name));
  if (!inventory) throw new Error(JSON.stringify(diagnostics));
  return inventory;
}

describe('planCluster on the classic example', () => {
  it('derives the service IPs, endpoints and etcd member from the inventory', async () => {
    const plan = planCluster(await example('classic.yaml'));
    expect(plan.apiServiceIP).toBe('10.254.0.1');
    expect(plan.dnsServiceIP).toBe('10.254.0.10');
    expect(plan.apiServerURL).toBe('https://10.0.0.11:6443');
    expect(plan.apiServerEndpoints).toEqual(['https://10.0.0.11:6443']);
    expect(plan.etcdMembers).toEqual([
      {
        name: 'knode4',
        ip: '10.0.0.14',
        peerURL: 'https://10.0.0.14:2380',
        clientURL: 'https://10.0.0.14:2379',
      },
    ]);
    expect(plan.initialCluster).toBe('knode4=https://10.0.0.14:2380');
    expect(plan.etcdClientURLs).toBe('https://10.0.0.14:2379');
    expect(plan.kubeMinor).toBe(23);
  });

  it('plans flannel on the etcd v2 API with a byte-stable config', async () => {
    const plan = planCluster(await example('classic.yaml'));
    expect(plan.flannel).toMatchObject({
      network: '192.168.0.0/16',
      subnetLength: 24,
      capacity: 255,
      hostsUsing: 3,
      backend: 'vxlan',
      etcdApi: 'v2',
    });
    expect(plan.flannel.config).toBe(
      '{"Network":"192.168.0.0/16","SubnetLen":24,"Backend":{"Type":"vxlan"}}',
    );
  });

  it('resolves a classic version set: docker 20.10, etcd 3.4 with v2, flannel 0.14 (etcd v2 API), no cri-dockerd', async () => {
    const { versions } = planCluster(await example('classic.yaml'));
    expect(versions.kubernetes).toBe('1.23.17');
    expect(versions.docker).toMatch(/^20\.10\./);
    expect(versions.etcd).toMatch(/^3\.[45]\./);
    expect(versions.flannel).toBe('0.14.0');
    expect(versions.criDockerd).toBeUndefined();
  });

  it('marks every master as bootstrapper and who runs flannel and kubelet', async () => {
    const plan = planCluster(await example('classic.yaml'));
    expect(
      plan.hosts.map((h) => [
        h.name,
        h.bootstrapper,
        h.runsFlannel,
        h.runsKubelet,
        h.netmask,
        h.prefixLength,
      ]),
    ).toEqual([
      ['knode1', true, true, false, '255.255.255.0', 24],
      ['knode2', false, true, true, '255.255.255.0', 24],
      ['knode3', false, true, true, '255.255.255.0', 24],
      ['knode4', false, false, false, '255.255.255.0', 24],
    ]);
  });
});

describe('planCluster on the HA example', () => {
  it('uses the load balancer for clients and lists every master', async () => {
    const plan = planCluster(await example('ha.yaml'));
    expect(plan.apiServerURL).toBe('https://k8s-api.prod-eu1.example.com:6443');
    expect(plan.apiServerEndpoints).toEqual([
      'https://172.20.0.31:6443',
      'https://172.20.0.32:6443',
      'https://172.20.0.33:6443',
    ]);
    expect(plan.apiServiceIP).toBe('10.96.0.1');
    expect(plan.dnsServiceIP).toBe('10.96.0.10');
    expect(plan.initialCluster).toBe(
      'etcd1=https://172.20.0.21:2380,etcd2=https://172.20.0.22:2380,etcd3=https://172.20.0.23:2380',
    );
    expect(plan.hosts.filter((h) => h.bootstrapper).map((h) => h.name)).toEqual([
      'master1',
      'master2',
      'master3',
    ]);
  });

  it('resolves current versions: etcd 3.6, flannel >= 0.25 on etcd v3, containerd 2.x, no docker', async () => {
    const plan = planCluster(await example('ha.yaml'));
    expect(plan.versions.etcd).toMatch(/^3\.6\./);
    expect(plan.flannel.etcdApi).toBe('v3');
    expect(plan.versions.containerd).toMatch(/^2\./);
    expect(plan.versions.docker).toBeUndefined();
    expect(plan.versions.criDockerd).toBeUndefined();
  });

  it('is deterministic', async () => {
    const inventory = await example('ha.yaml');
    expect(JSON.stringify(planCluster(inventory))).toBe(JSON.stringify(planCluster(inventory)));
  });
});
