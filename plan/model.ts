/**
 * The resolved cluster: a pure function of the inventory (plan/plan-cluster.ts). Everything a
 * later stage needs to know about addresses, members and versions is decided here, once.
 */
import type { NodeLabels } from './node-labels.js';
import type { DeliveryTarget, Inventory, HostSpec, Role, Runtime } from '../inventory/model.js';
import type { BootPlan } from './boot.js';

/** Resolved component versions (pins from the inventory, else defaults for the Kubernetes version). */
export interface ComponentVersions {
  kubernetes: string;
  etcd: string;
  flannel: string;
  flannelCni: string;
  /** Present when the runtime is containerd, or docker needs it. */
  containerd: string;
  runc: string;
  /** Present when runtime is docker. */
  docker?: string;
  /** Present when runtime is docker and Kubernetes >= 1.24. */
  criDockerd?: string;
  cniPlugins: string;
  coredns: string;
  pause: string;
}

/** The nodes' container runtime and how kubelet reaches it (plan/runtime.ts decides it). */
export interface RuntimePlan {
  name: Runtime;
  /** Does a docker node run cri-dockerd (Kubernetes >= 1.24)? */
  criDockerd: boolean;
  /** The CRI endpoint kubelet talks to; undefined for the built-in dockershim. */
  criSocket: string | undefined;
  /** The systemd units kubelet needs running first. */
  units: readonly string[];
}

export interface EtcdMember {
  /** Member name (the host name). */
  name: string;
  ip: string;
  peerURL: string;
  clientURL: string;
}

export interface FlannelPlan {
  /** flannel `Network` (= pod CIDR). */
  network: string;
  /** flannel `SubnetLen`. */
  subnetLength: number;
  /** 2^(subnetLength - prefix) - 1: hosts that can run flanneld. */
  capacity: number;
  /** Hosts that run flanneld (masters and nodes). */
  hostsUsing: number;
  backend: 'vxlan' | 'host-gw' | 'udp';
  /** etcd API flannel talks to: v2 for flannel <= 0.17, v3 otherwise. */
  etcdApi: 'v2' | 'v3';
  /** The JSON written once under `/coreos.com/network/config`. */
  config: string;
}

export interface HostPlan {
  spec: HostSpec;
  name: string;
  roles: Role[];
  ip: string;
  /** The boot NIC's MAC (normalised); always present on a host delivered by pxe. */
  mac?: string;
  /** How this host gets its configs (its own delivery, else cluster.delivery). */
  delivery: readonly DeliveryTarget[];
  /** Prefix length of the host network, for static addressing. */
  prefixLength: number;
  netmask: string;
  /** Does this host run the (idempotent) cluster bootstrap? Every master does. */
  bootstrapper: boolean;
  /** Does this host run flanneld (master or node)? */
  runsFlannel: boolean;
  /** Does this host run kubelet/kube-proxy/runtime (node role)? */
  runsKubelet: boolean;
  /** Its Node's labels (cluster.labels + its own), by who sets them; empty without a kubelet. */
  labels: NodeLabels;
}

export interface ClusterPlan {
  inventory: Inventory;
  name: string;
  /** First IP of the service CIDR: the `kubernetes` Service. */
  apiServiceIP: string;
  /** Cluster DNS IP (service network + 10). */
  dnsServiceIP: string;
  /** https://<endpoint>:APISERVER_PORT that clients use (LB, or the first master). */
  apiServerURL: string;
  /** Every master's https://<ip>:APISERVER_PORT. */
  apiServerEndpoints: string[];
  etcdMembers: EtcdMember[];
  /** `name=peerURL,...` for `--initial-cluster`. */
  initialCluster: string;
  /** Comma-separated client URLs for `--etcd-servers` and flannel. */
  etcdClientURLs: string;
  flannel: FlannelPlan;
  versions: ComponentVersions;
  hosts: HostPlan[];
  /** Kubernetes minor version as a number, e.g. 23 for 1.23.17. */
  kubeMinor: number;
  /** The nodes' container runtime, whether it needs cri-dockerd, kubelet's CRI socket. */
  runtime: RuntimePlan;
  /** Boot server, install tree, PXE images and DHCP settings, for every format. */
  boot: BootPlan;
}
