/**
 * Seeded random generator of valid inventories for the planner's property tests.
 */
import { formatIpv4, overlaps, parseCidr, type Ipv4Network } from '../../plan/ipv4.js';
import { defaultSubnetLength, flannelCapacity } from '../../plan/network.js';

/** mulberry32: tiny, fast, good enough for test inputs, and reproducible from its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RandomCluster {
  /** The inventory document (plain data, as YAML would give it). */
  document: Record<string, unknown>;
  /** MACs as written (various spellings) and as they must come out. */
  macs: { written: string; normalised: string }[];
}

const ROLE_SETS = [['master'], ['node'], ['etcd'], ['master', 'etcd'], ['node', 'etcd'], ['master', 'node']];

export function randomCluster(seed: number): RandomCluster {
  const rnd = prng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;

  const minor = int(20, 35);
  const runtime = pick(['docker', 'containerd'] as const);
  const os = minor >= 31 ? 'el9' : pick(['centos7', 'el9'] as const);
  const avoid: Ipv4Network[] = [];

  /** A random aligned private network with the given prefix that overlaps nothing in `avoid`. */
  const network = (prefix: number): Ipv4Network => {
    for (;;) {
      const base = pick([
        { start: 0x0a000000, prefix: 8 },
        { start: 0xac100000, prefix: 12 },
        { start: 0xc0a80000, prefix: 16 },
      ]);
      if (base.prefix > prefix) continue;
      const blocks = 2 ** (prefix - base.prefix);
      const start = base.start + int(0, blocks - 1) * 2 ** (32 - prefix);
      const net = parseCidr(`${formatIpv4(start)}/${prefix}`);
      if (net && !avoid.some((other) => overlaps(net, other))) {
        avoid.push(net);
        return net;
      }
    }
  };

  const hostCount = int(1, 40);
  const hostNet = network(int(20, 26));
  const serviceNet = network(int(12, 24));
  const roles = Array.from({ length: hostCount }, () => pick(ROLE_SETS));
  roles[int(0, hostCount - 1)] = ['master', 'etcd', ...(rnd() < 0.5 ? ['node'] : [])];
  const flannelHosts = roles.filter((r) => r.includes('master') || r.includes('node')).length;
  let podNet: Ipv4Network;
  let subnetLength: number | undefined;
  for (;;) {
    const prefix = int(12, 26);
    const length = rnd() < 0.5 ? undefined : int(prefix + 1, Math.min(30, prefix + 12));
    if (
      flannelCapacity(prefix, length ?? defaultSubnetLength(prefix)) >= flannelHosts &&
      (length ?? 24) <= 30
    ) {
      podNet = network(prefix);
      subnetLength = length;
      break;
    }
  }

  const gatewayOffset = 1;
  const usable = hostNet.size - 2;
  const offsets = new Set<number>();
  while (offsets.size < hostCount) {
    const offset = int(1, usable);
    if (offset !== gatewayOffset) offsets.add(offset);
  }
  const macSeen = new Set<string>();
  const macs: RandomCluster['macs'] = [];
  while (macs.length < hostCount) {
    const bytes = Array.from({ length: 6 }, () => int(0, 255));
    bytes[0] = (bytes[0] ?? 0) & 0xfe; // unicast
    const normalised = bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
    if (macSeen.has(normalised)) continue;
    macSeen.add(normalised);
    const hex = normalised.replace(/:/g, '');
    const spelling = pick([
      normalised,
      normalised.toUpperCase(),
      normalised.replace(/:/g, '-'),
      `${hex.slice(0, 4)}.${hex.slice(4, 8)}.${hex.slice(8)}`,
      hex.toUpperCase(),
    ]);
    macs.push({ written: spelling, normalised });
  }

  const hosts = [...offsets].map((offset, i) => ({
    name: `h${i}-${seed % 1000}`,
    roles: roles[i],
    ip: formatIpv4(hostNet.network + offset),
    mac: macs[i]?.written,
  }));
  const kubernetes: Record<string, unknown> = {
    version: `1.${minor}.${int(0, 15)}`,
    serviceCIDR: serviceNet.cidr,
    podCIDR: podNet.cidr,
  };
  if (subnetLength !== undefined) kubernetes['nodeSubnetLength'] = subnetLength;
  const masters = hosts.filter((h) => h.roles?.includes('master')).length;
  if (masters > 1 || rnd() < 0.3) {
    kubernetes['apiServerEndpoint'] = pick([
      'lb.example.com',
      'lb.example.com:443',
      formatIpv4(hostNet.broadcast - 1),
    ]);
  }

  return {
    document: {
      version: 1,
      cluster: {
        name: `c${seed}`,
        os,
        runtime,
        kubernetes,
        network: {
          cidr: hostNet.cidr,
          gateway: formatIpv4(hostNet.network + gatewayOffset),
          nameservers: [formatIpv4(hostNet.network + gatewayOffset)],
        },
        bootServer: `http://${formatIpv4(hostNet.network + gatewayOffset)}:8080`,
        ssh: {
          authorizedKeys: [
            'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILfe2CYNLNY/fsKUPymOhid64Ez+hFpBW3wxOfA+9ejq a@b',
          ],
        },
      },
      hosts,
    },
    macs,
  };
}
