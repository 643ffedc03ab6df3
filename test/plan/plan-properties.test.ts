/**
 * Property tests: a few hundred random valid clusters (seeded, reproducible) go through the whole
 * front end (YAML text -> parseInventory -> planCluster), and the plan must keep its invariants.
 * Violations are collected per case and asserted once, so a failure lists every broken property.
 */
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../../inventory/load.js';
import { contains, formatIpv4, overlaps, parseCidr, parseIpv4 } from '../../plan/ipv4.js';
import { planCluster } from '../../plan/plan-cluster.js';
import { atLeast, isVersion } from '../../plan/versions.js';
import { randomCluster } from './random-cluster.js';

const CASES = 300;
const seeds = Array.from({ length: CASES }, (_, i) => 1000 + i * 7919);

function properties(seed: number): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) problems.push(`seed ${seed}: ${what}`);
  };
  const { document, macs } = randomCluster(seed);
  const result = parseInventory(dump(document), `random-${seed}.yaml`);
  for (const d of result.diagnostics)
    check(d.severity !== 'error', `unexpected ${d.code} at ${d.path}: ${d.message}`);
  const inventory = result.inventory;
  if (!inventory) return problems;
  const plan = planCluster(inventory);
  const hostNet = parseCidr(inventory.cluster.network.cidr);
  const serviceNet = parseCidr(inventory.cluster.kubernetes.serviceCIDR);
  const podNet = parseCidr(plan.flannel.network);
  if (!hostNet || !serviceNet || !podNet) return [...problems, `seed ${seed}: unparsable CIDR`];

  // No overlaps between the three ranges.
  check(!overlaps(hostNet, serviceNet), 'host network overlaps service CIDR');
  check(!overlaps(hostNet, podNet), 'host network overlaps pod CIDR');
  check(!overlaps(serviceNet, podNet), 'service CIDR overlaps pod CIDR');

  // Every host IP in range, unique and not reserved; MACs normalised; every master bootstraps, nothing else does.
  const gateway = parseIpv4(inventory.cluster.network.gateway);
  plan.hosts.forEach((h, i) => {
    const ip = parseIpv4(h.ip) ?? -1;
    check(contains(hostNet, ip), `${h.name} ${h.ip} outside ${hostNet.cidr}`);
    check(
      ip !== hostNet.network && ip !== hostNet.broadcast && ip !== gateway,
      `${h.name} on a reserved address`,
    );
    check(h.prefixLength === hostNet.prefix, `${h.name} prefix ${h.prefixLength}`);
    check(h.mac === macs[i]?.normalised, `${h.name} mac ${h.mac} != ${macs[i]?.normalised}`);
  });
  check(new Set(plan.hosts.map((h) => h.ip)).size === plan.hosts.length, 'duplicate host IPs');
  const bootstrappers = plan.hosts.filter((h) => h.bootstrapper).map((h) => h.name);
  const masterNames = plan.hosts.filter((h) => h.roles.includes('master')).map((h) => h.name);
  check(
    bootstrappers.length > 0 && bootstrappers.join(',') === masterNames.join(','),
    `bootstrappers ${bootstrappers.join(',')}`,
  );

  // flannel capacity respected.
  const f = plan.flannel;
  check(f.subnetLength > podNet.prefix && f.subnetLength <= 30, `subnet length ${f.subnetLength}`);
  check(f.capacity === 2 ** (f.subnetLength - podNet.prefix) - 1, `capacity ${f.capacity}`);
  check(f.hostsUsing === plan.hosts.filter((h) => h.runsFlannel).length, 'hostsUsing miscounted');
  check(f.hostsUsing <= f.capacity, `${f.hostsUsing} flannel hosts > capacity ${f.capacity}`);
  const expectedConfig = JSON.stringify({
    Network: podNet.cidr,
    SubnetLen: f.subnetLength,
    Backend: { Type: f.backend },
  });
  check(f.config === expectedConfig, `flannel config ${f.config}`);

  // Service IPs: API = first IP; DNS inside the range, distinct from it and from network/broadcast.
  const api = parseIpv4(plan.apiServiceIP) ?? -1;
  const dns = parseIpv4(plan.dnsServiceIP) ?? -1;
  check(api === serviceNet.network + 1, `API IP ${plan.apiServiceIP}`);
  check(contains(serviceNet, dns), `DNS IP ${plan.dnsServiceIP} outside ${serviceNet.cidr}`);
  check(
    dns !== api && dns !== serviceNet.network && dns !== serviceNet.broadcast,
    `DNS IP ${plan.dnsServiceIP}`,
  );

  // etcd members: inventory order, URLs built from the member IPs.
  const etcdHosts = inventory.hosts.filter((h) => h.roles.includes('etcd')).map((h) => h.name);
  check(plan.etcdMembers.map((m) => m.name).join() === etcdHosts.join(), 'etcd member order');
  for (const m of plan.etcdMembers) {
    check(
      m.peerURL === `https://${m.ip}:2380` && m.clientURL === `https://${m.ip}:2379`,
      `etcd URLs of ${m.name}`,
    );
  }
  check(
    plan.initialCluster === plan.etcdMembers.map((m) => `${m.name}=${m.peerURL}`).join(','),
    'initialCluster',
  );
  check(plan.etcdClientURLs === plan.etcdMembers.map((m) => m.clientURL).join(','), 'etcdClientURLs');

  // API endpoints: one per master; clients use the load balancer when there is one.
  const masters = plan.hosts.filter((h) => h.roles.includes('master'));
  check(
    plan.apiServerEndpoints.join() === masters.map((m) => `https://${m.ip}:6443`).join(),
    'apiServerEndpoints',
  );
  const lb = inventory.cluster.kubernetes.apiServerEndpoint;
  const lbURL = lb?.endsWith(':443') ? `https://${lb}` : `https://${lb}:6443`;
  check(
    plan.apiServerURL === (lb === undefined ? plan.apiServerEndpoints[0] : lbURL),
    `apiServerURL ${plan.apiServerURL}`,
  );

  // Versions: real version numbers; docker/cri-dockerd exactly when needed; flannel v2 only on etcd < 3.6.
  const v = plan.versions;
  for (const value of Object.values(v)) check(isVersion(String(value)), `version ${String(value)}`);
  check((v.docker !== undefined) === (inventory.cluster.runtime === 'docker'), 'docker presence');
  const wantsCri = inventory.cluster.runtime === 'docker' && plan.kubeMinor >= 24;
  check((v.criDockerd !== undefined) === wantsCri, 'cri-dockerd presence');
  if (f.etcdApi === 'v2') check(!atLeast(v.etcd, '3.6.0'), `flannel v2 API with etcd ${v.etcd}`);
  return problems;
}

describe(`planCluster on ${CASES} random valid clusters`, () => {
  it('validates without errors and keeps its address, capacity, member and version invariants', () => {
    expect(seeds.flatMap(properties)).toEqual([]);
  });

  it('the generator covers the interesting space', () => {
    const docs = seeds.map((s) => randomCluster(s).document);
    const clusters = docs.map((d) => d['cluster'] as Record<string, unknown>);
    expect(new Set(clusters.map((c) => c['runtime']))).toEqual(new Set(['docker', 'containerd']));
    expect(new Set(clusters.map((c) => c['os']))).toEqual(new Set(['centos7', 'el9']));
    const hostCounts = docs.map((d) => (d['hosts'] as unknown[]).length);
    expect(Math.min(...hostCounts)).toBe(1);
    expect(Math.max(...hostCounts)).toBeGreaterThanOrEqual(35);
  });

  it('a second host with the same MAC in another spelling is always DUPLICATE_MAC', () => {
    for (const seed of seeds.slice(0, 100)) {
      const { document, macs } = randomCluster(seed);
      const hosts = document['hosts'] as Record<string, unknown>[];
      const last = hosts[hosts.length - 1];
      const dup = { ...last, name: 'dup', mac: (macs[0]?.normalised ?? '').toUpperCase().replace(/:/g, '-') };
      const { diagnostics } = parseInventory(dump({ ...document, hosts: [...hosts, dup] }), 'dup.yaml');
      expect(
        diagnostics.filter((d) => d.code === 'DUPLICATE_MAC').map((d) => d.path),
        `seed ${seed}`,
      ).toEqual([`hosts[${hosts.length}].mac`]);
    }
  });

  /** Apply `mutate` to a fresh random cluster and return the codes and paths it reports. */
  const mutated = (
    seed: number,
    mutate: (doc: Record<string, unknown>, hosts: Record<string, unknown>[]) => void,
  ) => {
    const { document } = randomCluster(seed);
    const doc = structuredClone(document);
    mutate(doc, doc['hosts'] as Record<string, unknown>[]);
    return parseInventory(dump(doc), 'm.yaml').diagnostics.filter((d) => d.severity === 'error');
  };

  it('a host moved outside the host network is always IP_OUTSIDE_NETWORK, and only that', () => {
    for (const seed of seeds.slice(0, 100)) {
      const errors = mutated(seed, (doc, hosts) => {
        const net = parseCidr(String((doc['cluster'] as { network: { cidr: string } }).network.cidr));
        const last = hosts[hosts.length - 1];
        // The address just past the broadcast is outside the host network but inside no other range.
        if (net && last) last['ip'] = formatIpv4(net.broadcast + 1);
      });
      const codes = errors.map((d) => d.code);
      expect(codes, `seed ${seed}`).toContain('IP_OUTSIDE_NETWORK');
      expect(new Set(codes), `seed ${seed}`).toEqual(new Set(['IP_OUTSIDE_NETWORK']));
    }
  });

  it('two hosts on one IP are always DUPLICATE_IP at the later host', () => {
    for (const seed of seeds.slice(0, 100)) {
      const { document } = randomCluster(seed);
      if ((document['hosts'] as unknown[]).length < 2) continue;
      const errors = mutated(seed, (_doc, hosts) => {
        const [first, second] = hosts;
        if (first && second) second['ip'] = first['ip'];
      });
      expect(
        errors.map((d) => [d.code, d.path]),
        `seed ${seed}`,
      ).toEqual([['DUPLICATE_IP', 'hosts[1].ip']]);
    }
  });

  it('a pod CIDR one subnet short for the flannel hosts is always POD_CIDR_TOO_SMALL', () => {
    let tested = 0;
    for (const seed of seeds.slice(0, 100)) {
      const hosts = randomCluster(seed).document['hosts'] as { roles: string[] }[];
      const flannel = hosts.filter((h) => h.roles.includes('master') || h.roles.includes('node')).length;
      if (flannel < 2) continue;
      tested++;
      // /24 subnets in a /(24 - b) network: 2^b - 1 hosts, and 2^b <= flannel hosts.
      const b = Math.floor(Math.log2(flannel));
      const errors = mutated(seed, (doc) => {
        const k = (doc['cluster'] as { kubernetes: Record<string, unknown> }).kubernetes;
        k['nodeSubnetLength'] = 24;
        k['podCIDR'] = `10.255.0.0/${24 - b}`;
      });
      expect(
        errors.filter((d) => d.code !== 'CIDR_OVERLAP').map((d) => [d.code, d.path]),
        `seed ${seed}`,
      ).toEqual([['POD_CIDR_TOO_SMALL', 'cluster.kubernetes.nodeSubnetLength']]);
    }
    expect(tested).toBeGreaterThan(50);
  });
});
