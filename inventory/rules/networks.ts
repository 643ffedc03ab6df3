/**
 * Network rules: CIDR syntax, gateway, overlaps between the three ranges (and docker's default
 * bridge when it stays), service CIDR size, flannel subnet capacity, DNS and NTP servers.
 */
import { contains, formatIpv4, overlaps, parseCidr, parseIpv4, type Ipv4Network } from '../../plan/ipv4.js';
import { DNS_SERVICE_OFFSET, defaultSubnetLength, flannelCapacity } from '../../plan/network.js';
import type { PathSegments } from '../diagnostic.js';
import type { Inventory } from '../model.js';
import type { Reporter } from '../report.js';
import { isDnsName } from './syntax.js';
import { urlIpv4 } from './urls.js';

/** kubelet's default maxPods. */
const KUBELET_MAX_PODS = 110;

interface NamedRange {
  at: PathSegments;
  label: string;
  net: Ipv4Network;
}

function cidrAt(text: string, at: PathSegments, what: string, report: Reporter): Ipv4Network | undefined {
  const net = parseCidr(text);
  if (!net) {
    const ipv6 = text.includes(':');
    report.error(
      at,
      'BAD_CIDR',
      `'${text}' is not an IPv4 CIDR`,
      ipv6
        ? 'bootforge plans IPv4 clusters only; use an IPv4 range'
        : `write the ${what} as address/prefix, e.g. 10.0.0.0/24`,
    );
    return undefined;
  }
  if (!net.canonical) {
    report.warning(
      at,
      'NON_CANONICAL_CIDR',
      `'${text}' has host bits set; it means ${net.cidr}`,
      `write ${net.cidr}`,
    );
  }
  return net;
}

export function checkNetworks(inventory: Inventory, report: Reporter): void {
  const { cluster } = inventory;
  const k = cluster.kubernetes;
  const hostNet = cidrAt(cluster.network.cidr, ['cluster', 'network', 'cidr'], 'host network', report);
  const serviceNet = cidrAt(k.serviceCIDR, ['cluster', 'kubernetes', 'serviceCIDR'], 'service CIDR', report);
  const podNet = cidrAt(k.podCIDR, ['cluster', 'kubernetes', 'podCIDR'], 'pod CIDR', report);

  checkGateway(inventory, hostNet, report);

  const ranges: NamedRange[] = [];
  if (hostNet) ranges.push({ at: ['cluster', 'network', 'cidr'], label: 'host network', net: hostNet });
  if (serviceNet)
    ranges.push({ at: ['cluster', 'kubernetes', 'serviceCIDR'], label: 'service CIDR', net: serviceNet });
  if (podNet) ranges.push({ at: ['cluster', 'kubernetes', 'podCIDR'], label: 'pod CIDR', net: podNet });
  for (let a = 0; a < ranges.length; a++) {
    for (let b = a + 1; b < ranges.length; b++) {
      const x = ranges[a];
      const y = ranges[b];
      if (x && y && overlaps(x.net, y.net)) {
        report.error(
          y.at,
          'CIDR_OVERLAP',
          `${y.label} ${y.net.cidr} overlaps the ${x.label} ${x.net.cidr}`,
          'host network, service CIDR and pod CIDR must be disjoint; pick another private range',
        );
      }
    }
  }

  // docker's default bridge (172.17.0.0/16) is not a fourth range to keep clear: bootforge runs
  // docker only on nodes, every node runs flanneld, and flanneld's ExecStartPost hands dockerd
  // --bip=$FLANNEL_SUBNET, so docker0 always sits inside this host's pod subnet: with dockershim
  // below 1.24, and with cri-dockerd's `--network-plugin=` (pods stay on docker0) from 1.24 on.
  // containerd hosts have no docker0. test/plan/docker-bridge.test.ts keeps that premise checked.

  if (serviceNet) {
    if (serviceNet.prefix < 12) {
      report.error(
        ['cluster', 'kubernetes', 'serviceCIDR'],
        'SERVICE_CIDR_TOO_LARGE',
        `${serviceNet.cidr} is larger than /12; kube-apiserver rejects it`,
        'use a prefix of /12 or longer, e.g. 10.96.0.0/12 or 10.254.0.0/16',
      );
    } else if (serviceNet.size <= DNS_SERVICE_OFFSET + 1) {
      report.error(
        ['cluster', 'kubernetes', 'serviceCIDR'],
        'SERVICE_CIDR_TOO_SMALL',
        `${serviceNet.cidr} has no room for the DNS service IP (network + ${DNS_SERVICE_OFFSET})`,
        'use a prefix of /28 or shorter; /24 or larger is usual',
      );
    }
  }

  if (podNet) checkPodCapacity(inventory, podNet, report);
  // A range that overlaps the host network is already CIDR_OVERLAP; do not repeat it per address.
  const apart = (net: Ipv4Network | undefined) =>
    net && hostNet && overlaps(net, hostNet) ? undefined : net;
  checkHostSideAddresses(inventory, [apart(serviceNet), apart(podNet)], report);

  cluster.network.nameservers.forEach((server, i) => {
    if (parseIpv4(server) === undefined) {
      report.error(
        ['cluster', 'network', 'nameservers', i],
        'BAD_NAMESERVER',
        `'${server}' is not an IPv4 address`,
        'nameservers are IP addresses, e.g. 10.0.0.1',
      );
    }
  });
  cluster.network.ntpServers.forEach((server, i) => {
    if (parseIpv4(server) === undefined && !isDnsName(server)) {
      report.error(
        ['cluster', 'network', 'ntpServers', i],
        'BAD_NTP_SERVER',
        `'${server}' is not a host name or IPv4 address`,
        'e.g. 0.pool.ntp.org or 10.0.0.1',
      );
    }
  });
  cluster.network.searchDomains.forEach((domain, i) => {
    if (!isDnsName(domain)) {
      report.error(
        ['cluster', 'network', 'searchDomains', i],
        'BAD_SEARCH_DOMAIN',
        `'${domain}' is not a DNS name`,
        'e.g. example.com',
      );
    }
  });
}

function checkGateway(inventory: Inventory, hostNet: Ipv4Network | undefined, report: Reporter): void {
  const at = ['cluster', 'network', 'gateway'];
  const text = inventory.cluster.network.gateway;
  const gateway = parseIpv4(text);
  if (gateway === undefined) {
    report.error(
      at,
      'BAD_IP',
      `'${text}' is not an IPv4 address`,
      'write the gateway as an address, e.g. 10.0.0.1',
    );
    return;
  }
  if (!hostNet) return;
  if (!contains(hostNet, gateway)) {
    report.error(
      at,
      'GATEWAY_OUTSIDE_NETWORK',
      `gateway ${text} is outside the host network ${hostNet.cidr}`,
      `use the router's address inside ${hostNet.cidr}`,
    );
  } else if (hostNet.prefix <= 30 && (gateway === hostNet.network || gateway === hostNet.broadcast)) {
    report.error(
      at,
      'GATEWAY_IS_RESERVED',
      `gateway ${text} is the ${gateway === hostNet.network ? 'network' : 'broadcast'} address of ${hostNet.cidr}`,
      `use the router's address, usually ${formatIpv4(hostNet.network + 1)}`,
    );
  }
}

function checkPodCapacity(inventory: Inventory, podNet: Ipv4Network, report: Reporter): void {
  const k = inventory.cluster.kubernetes;
  const subnetLength = k.nodeSubnetLength ?? defaultSubnetLength(podNet.prefix);
  const at =
    k.nodeSubnetLength === undefined
      ? ['cluster', 'kubernetes', 'podCIDR']
      : ['cluster', 'kubernetes', 'nodeSubnetLength'];
  if (subnetLength <= podNet.prefix) {
    report.error(
      ['cluster', 'kubernetes', 'nodeSubnetLength'],
      'BAD_SUBNET_LENGTH',
      `nodeSubnetLength /${subnetLength} is not longer than the pod CIDR prefix /${podNet.prefix}`,
      `use a value from ${podNet.prefix + 1} to 30, e.g. ${defaultSubnetLength(podNet.prefix)}`,
    );
    return;
  }
  if (subnetLength > 30) {
    report.error(
      at,
      'BAD_SUBNET_LENGTH',
      `per-node subnets of /${subnetLength} leave no pod addresses`,
      'use a pod CIDR of /28 or larger, or nodeSubnetLength <= 30',
    );
    return;
  }
  const podAddresses = 2 ** (32 - subnetLength) - 2;
  if (podAddresses < KUBELET_MAX_PODS) {
    report.warning(
      at,
      'NODE_SUBNET_SMALL',
      `per-node subnets of /${subnetLength} hold ${podAddresses} pod addresses, fewer than kubelet's default of ${KUBELET_MAX_PODS} pods`,
      'use per-node subnets of /25 or larger (a larger pod CIDR, or a smaller nodeSubnetLength), or lower kubelet maxPods',
    );
  }
  const flannelHosts = inventory.hosts.filter(
    (h) => h.roles.includes('master') || h.roles.includes('node'),
  ).length;
  const capacity = flannelCapacity(podNet.prefix, subnetLength);
  if (flannelHosts > capacity) {
    report.error(
      at,
      'POD_CIDR_TOO_SMALL',
      `pod CIDR ${podNet.cidr} split into /${subnetLength} subnets holds ${capacity} host(s), but ${flannelHosts} hosts run flannel (masters and nodes)`,
      `use a larger pod CIDR (a shorter prefix than /${podNet.prefix}) or a longer nodeSubnetLength`,
    );
  }
}

/**
 * Addresses the hosts need before the cluster network exists (boot server, DNS and NTP servers,
 * the apiserver endpoint) cannot live in the service or pod CIDR: those ranges are routed to
 * kube-proxy and flannel on every host, so such an address would be unreachable.
 */
function checkHostSideAddresses(
  inventory: Inventory,
  clusterRanges: (Ipv4Network | undefined)[],
  report: Reporter,
): void {
  const { cluster } = inventory;
  const endpointHost = cluster.kubernetes.apiServerEndpoint?.replace(/:\d+$/, '');
  const candidates: [PathSegments, string, number | undefined][] = [
    [
      ['cluster', 'bootServer'],
      'boot server',
      cluster.bootServer === undefined ? undefined : urlIpv4(cluster.bootServer),
    ],
    [
      ['cluster', 'kubernetes', 'apiServerEndpoint'],
      'API endpoint',
      endpointHost === undefined ? undefined : parseIpv4(endpointHost),
    ],
    ...cluster.network.nameservers.map((s, i): [PathSegments, string, number | undefined] => [
      ['cluster', 'network', 'nameservers', i],
      'nameserver',
      parseIpv4(s),
    ]),
    ...cluster.network.ntpServers.map((s, i): [PathSegments, string, number | undefined] => [
      ['cluster', 'network', 'ntpServers', i],
      'NTP server',
      parseIpv4(s),
    ]),
  ];
  const labels = ['service CIDR', 'pod CIDR'];
  for (const [at, what, ip] of candidates) {
    if (ip === undefined) continue;
    clusterRanges.forEach((range, i) => {
      if (range && contains(range, ip)) {
        report.error(
          at,
          'ADDRESS_IN_CLUSTER_RANGE',
          `the ${what} ${formatIpv4(ip)} is inside the ${labels[i]} ${range.cidr}, which hosts route into the cluster network`,
          `use an address outside ${range.cidr}, or move the ${labels[i]}`,
        );
      }
    });
  }
}
