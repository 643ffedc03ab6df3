/**
 * The certificate catalog, a pure function of the plan: which certificates exist for a cluster and
 * what each must contain (examples/ha.yaml: 3 etcd members, 3 masters behind a load balancer,
 * 4 nodes, Kubernetes 1.34 with TLS bootstrap by default).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../../inventory/load.js';
import { planCluster } from '../../plan/plan-cluster.js';
import { endpointHost, pkiCatalog, sans } from '../../pki/catalog.js';
import { classicPlan, REPO_ROOT } from './fixtures.js';

function haPlan() {
  const { inventory } = parseInventory(readFileSync(join(REPO_ROOT, 'examples/ha.yaml'), 'utf8'), 'ha.yaml');
  if (!inventory) throw new Error('examples/ha.yaml is invalid');
  return planCluster(inventory);
}

describe('pkiCatalog', () => {
  it('HA cluster: apiserver SANs name every master, the load balancer and the extra SANs', () => {
    const catalog = pkiCatalog(haPlan());
    const apiserver = catalog.leaves.find((l) => l.name === 'apiserver')!;
    expect(apiserver.profile.dnsNames).toEqual([
      'k8s-api.prod-eu1.example.com',
      'kubernetes',
      'kubernetes.default',
      'kubernetes.default.svc',
      'kubernetes.default.svc.cluster.local',
      'master1',
      'master2',
      'master3',
    ]);
    expect(apiserver.profile.ipAddresses).toEqual([
      '10.96.0.1',
      '127.0.0.1',
      '172.20.0.10',
      '172.20.0.31',
      '172.20.0.32',
      '172.20.0.33',
    ]);
  });

  it('HA cluster: a server and a peer certificate per etcd member, ECDSA keys, no kubelet certificates with TLS bootstrap', () => {
    const catalog = pkiCatalog(haPlan());
    expect(catalog.keyAlgorithm).toBe('ecdsa');
    expect(catalog.kubeletCredentials).toBe('bootstrap');
    expect(catalog.leaves.filter((l) => l.name.startsWith('etcd/')).map((l) => l.name)).toEqual([
      'etcd/flannel-client',
      'etcd/server-etcd1',
      'etcd/peer-etcd1',
      'etcd/server-etcd2',
      'etcd/peer-etcd2',
      'etcd/server-etcd3',
      'etcd/peer-etcd3',
    ]);
    expect(catalog.leaves.some((l) => l.name.startsWith('kubelets/'))).toBe(false);
    const server2 = catalog.leaves.find((l) => l.name === 'etcd/server-etcd2')!.profile;
    expect([...server2.dnsNames, ...server2.ipAddresses]).toEqual([
      'etcd2',
      'localhost',
      '127.0.0.1',
      '172.20.0.22',
    ]);
  });

  it('classic static cluster: a kubelet certificate for each node (not the master, not etcd)', () => {
    const catalog = pkiCatalog(classicPlan({ kubeletCredentials: 'static' }));
    expect(catalog.leaves.filter((l) => l.slot.kind === 'kubelet').map((l) => l.name)).toEqual([
      'kubelets/knode2',
      'kubelets/knode3',
    ]);
    expect(catalog.cas.map((c) => [c.name, c.profile.subject.commonName, c.profile.days])).toEqual([
      ['ca', 'kubernetes', 3650],
      ['etcd/ca', 'etcd-ca', 3650],
      ['front-proxy-ca', 'front-proxy-ca', 3650],
    ]);
  });

  it('leaf validity follows cluster.pki.leafDays', () => {
    const catalog = pkiCatalog(classicPlan({ leafDays: 90 }));
    expect(new Set(catalog.leaves.map((l) => l.profile.days))).toEqual(new Set([90]));
  });
});

describe('SAN helpers', () => {
  it('endpointHost takes the host out of host, host:port, URLs and bracketed IPv6', () => {
    expect(endpointHost('lb.example.com')).toBe('lb.example.com');
    expect(endpointHost('lb.example.com:6443')).toBe('lb.example.com');
    expect(endpointHost('https://10.0.0.5:6443/')).toBe('10.0.0.5');
    expect(endpointHost('[fd00::5]:6443')).toBe('fd00::5');
    expect(endpointHost('fd00::5')).toBe('fd00::5');
  });

  it('sans splits, lower-cases, de-duplicates and sorts (IPs numerically, IPv4 first)', () => {
    expect(
      sans(['B.example', 'a.example', '10.0.0.100', '10.0.0.11', 'fd00::1', '10.0.0.11', '9.9.9.9', '']),
    ).toEqual({
      dnsNames: ['a.example', 'b.example'],
      ipAddresses: ['9.9.9.9', '10.0.0.11', '10.0.0.100', 'fd00:0:0:0:0:0:0:1'],
    });
  });
});
