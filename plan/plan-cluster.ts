/**
 * Inventory -> ClusterPlan: addresses, flannel subnets, etcd members, apiserver endpoints and
 * component versions, decided once for every later stage. Pure; expects a validated inventory
 * (loadInventory/parseInventory) and throws only on input validation would have rejected.
 */
import { nodeLabels } from './node-labels.js';
import type { Inventory } from '../inventory/model.js';
import { addressAt, netmask, parseCidr, type Ipv4Network } from './ipv4.js';
import type { ClusterPlan, EtcdMember, FlannelPlan, HostPlan } from './model.js';
import { DNS_SERVICE_OFFSET, defaultSubnetLength, flannelCapacity } from './network.js';
import { flannelEtcdApi, kubeMinor, resolveVersions } from './versions.js';
import { planBoot } from './boot.js';
import { planRuntime } from './runtime.js';

export const APISERVER_PORT = 6443;
export const ETCD_CLIENT_PORT = 2379;
export const ETCD_PEER_PORT = 2380;
/** The apiserver's default --service-node-port-range (bootforge does not change it). */
export const NODE_PORT_RANGE = { from: 30000, to: 32767 } as const;
/** etcd's plain-HTTP metrics listener, loopback only. */
export const ETCD_METRICS_PORT = 2381;

/** Components on a master reach the API server on the same host (127.0.0.1 is in its SANs). */
export const LOCAL_APISERVER_URL = `https://127.0.0.1:${APISERVER_PORT}`;

function network(cidr: string, what: string): Ipv4Network {
  const net = parseCidr(cidr);
  if (!net)
    throw new Error(`planCluster: ${what} '${cidr}' is not an IPv4 CIDR (validate the inventory first)`);
  return net;
}

/** `https://host:APISERVER_PORT`, or the endpoint's own port when it names one. */
export function apiServerURL(endpoint: string): string {
  return /:\d+$/.test(endpoint) ? `https://${endpoint}` : `https://${endpoint}:${APISERVER_PORT}`;
}

/** flannel's network config, with a fixed key order so the etcd value is byte-stable. */
export function flannelConfigJson(networkCidr: string, subnetLength: number, backend: string): string {
  return JSON.stringify({ Network: networkCidr, SubnetLen: subnetLength, Backend: { Type: backend } });
}

export function planCluster(inventory: Inventory): ClusterPlan {
  const { cluster } = inventory;
  const k = cluster.kubernetes;
  const hostNet = network(cluster.network.cidr, 'cluster.network.cidr');
  const serviceNet = network(k.serviceCIDR, 'kubernetes.serviceCIDR');
  const podNet = network(k.podCIDR, 'kubernetes.podCIDR');

  const masters = inventory.hosts.filter((h) => h.roles.includes('master'));
  if (masters.length === 0) throw new Error('planCluster: the inventory has no master');

  const hosts: HostPlan[] = inventory.hosts.map((spec) => {
    const runsKubelet = spec.roles.includes('node');
    return {
      spec,
      name: spec.name,
      roles: [...spec.roles],
      ip: spec.ip,
      mac: spec.mac,
      delivery: [...spec.delivery],
      prefixLength: hostNet.prefix,
      netmask: netmask(hostNet.prefix),
      // Every master can bootstrap the cluster (idempotently), so any one of them is enough; with
      // pki.adminOnMasters: false none holds the credential for it and the operator bootstraps.
      bootstrapper: spec.roles.includes('master') && cluster.pki.adminOnMasters,
      runsFlannel: runsKubelet || spec.roles.includes('master'),
      runsKubelet,
      labels: runsKubelet ? nodeLabels(cluster.labels, spec.labels) : { kubelet: {}, restricted: {} },
    };
  });

  const etcdMembers: EtcdMember[] = inventory.hosts
    .filter((h) => h.roles.includes('etcd'))
    .map((h) => ({
      name: h.name,
      ip: h.ip,
      peerURL: `https://${h.ip}:${ETCD_PEER_PORT}`,
      clientURL: `https://${h.ip}:${ETCD_CLIENT_PORT}`,
    }));

  const minor = kubeMinor(k.version);
  const versions = resolveVersions(k.version, cluster.runtime, cluster.versions);
  const subnetLength = k.nodeSubnetLength ?? defaultSubnetLength(podNet.prefix);
  const flannel: FlannelPlan = {
    network: podNet.cidr,
    subnetLength,
    capacity: flannelCapacity(podNet.prefix, subnetLength),
    hostsUsing: hosts.filter((h) => h.runsFlannel).length,
    backend: cluster.flannel.backend,
    etcdApi: flannelEtcdApi(versions.flannel),
    config: flannelConfigJson(podNet.cidr, subnetLength, cluster.flannel.backend),
  };

  const apiServerEndpoints = masters.map((m) => apiServerURL(m.ip));
  return {
    inventory,
    name: cluster.name,
    apiServiceIP: addressAt(serviceNet, 1),
    dnsServiceIP: addressAt(serviceNet, DNS_SERVICE_OFFSET),
    apiServerURL:
      k.apiServerEndpoint === undefined ? (apiServerEndpoints[0] ?? '') : apiServerURL(k.apiServerEndpoint),
    apiServerEndpoints,
    etcdMembers,
    initialCluster: etcdMembers.map((m) => `${m.name}=${m.peerURL}`).join(','),
    etcdClientURLs: etcdMembers.map((m) => m.clientURL).join(','),
    flannel,
    versions,
    hosts,
    kubeMinor: minor,
    runtime: planRuntime(cluster.runtime, minor),
    boot: planBoot(inventory),
  };
}
