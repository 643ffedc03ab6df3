/**
 * The plan as `bootforge plan --json` prints it: everything decided, without repeating the
 * whole inventory. Key order is fixed so the output is byte-stable.
 */
import type { ClusterPlan } from './model.js';

export interface PlanJson {
  cluster: { name: string; os: string; runtime: string; kubernetes: string };
  network: { hostCIDR: string; gateway: string; serviceCIDR: string; podCIDR: string; dnsDomain: string };
  apiServiceIP: string;
  dnsServiceIP: string;
  apiServerURL: string;
  apiServerEndpoints: string[];
  apiServerSANs: string[];
  etcdMembers: ClusterPlan['etcdMembers'];
  initialCluster: string;
  etcdClientURLs: string;
  flannel: ClusterPlan['flannel'];
  versions: ClusterPlan['versions'];
  hosts: {
    name: string;
    roles: string[];
    ip: string;
    mac: string | null;
    delivery: string[];
    prefixLength: number;
    netmask: string;
    interface: string;
    disk: string;
    bootstrapper: boolean;
    runsFlannel: boolean;
    runsKubelet: boolean;
    /** Set by the kubelet (`--node-labels`), and by the bootstrapping master (NodeRestriction). */
    labels: { kubelet: Record<string, string>; bootstrap: Record<string, string> };
  }[];
}

export function planToJson(plan: ClusterPlan): PlanJson {
  const { cluster } = plan.inventory;
  return {
    cluster: {
      name: plan.name,
      os: cluster.os,
      runtime: cluster.runtime,
      kubernetes: plan.versions.kubernetes,
    },
    network: {
      hostCIDR: cluster.network.cidr,
      gateway: cluster.network.gateway,
      serviceCIDR: cluster.kubernetes.serviceCIDR,
      podCIDR: cluster.kubernetes.podCIDR,
      dnsDomain: cluster.kubernetes.dnsDomain,
    },
    apiServiceIP: plan.apiServiceIP,
    dnsServiceIP: plan.dnsServiceIP,
    apiServerURL: plan.apiServerURL,
    apiServerEndpoints: plan.apiServerEndpoints,
    apiServerSANs: cluster.kubernetes.apiServerSANs,
    etcdMembers: plan.etcdMembers,
    initialCluster: plan.initialCluster,
    etcdClientURLs: plan.etcdClientURLs,
    flannel: plan.flannel,
    versions: plan.versions,
    hosts: plan.hosts.map((h) => ({
      name: h.name,
      roles: h.roles,
      ip: h.ip,
      mac: h.mac ?? null,
      delivery: [...h.delivery],
      prefixLength: h.prefixLength,
      netmask: h.netmask,
      interface: h.spec.interface,
      disk: h.spec.disk,
      bootstrapper: h.bootstrapper,
      runsFlannel: h.runsFlannel,
      runsKubelet: h.runsKubelet,
      labels: { kubelet: h.labels.kubelet, bootstrap: h.labels.restricted },
    })),
  };
}
