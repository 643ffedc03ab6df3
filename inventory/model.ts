/**
 * The typed inventory: what `parseInventory` + `validateInventory` return once the YAML is valid.
 * Defaults are already applied (see inventory/defaults.ts); optional fields here are truly optional.
 * The JSON Schema in inventory/schema.ts describes the same shape as the user writes it.
 */

// OS families (os/) come before the inventory: their registry is the one list of OS ids, and the
// runtimes and install methods are the vocabulary families are described in.
export { OS_IDS, type OsId } from '../os/registry.js';
export { INSTALL_METHODS, RUNTIMES, type InstallMethod, type Runtime } from '../os/family.js';
import type { InstallMethod, Runtime } from '../os/family.js';
import type { OsId } from '../os/registry.js';

export const ROLES = ['etcd', 'master', 'node'] as const;
export type Role = (typeof ROLES)[number];

export const KEY_ALGORITHMS = ['rsa', 'ecdsa'] as const;
export type KeyAlgorithm = (typeof KEY_ALGORITHMS)[number];

/** How kubelets obtain their client certificate. */
export const KUBELET_CREDENTIALS = ['static', 'bootstrap'] as const;
export type KubeletCredentials = (typeof KUBELET_CREDENTIALS)[number];
/**
 * Where a kubelet's serving certificate (:10250) comes from: `kubelet`, what the kubelet holds
 * (the issued node certificate with static credentials, a self-signed one with TLS bootstrap),
 * unverified by the apiserver; `csr`, requested through a CSR and approved on the masters, and
 * verified by the apiserver.
 */
export const KUBELET_SERVING_CERTS = ['kubelet', 'csr'] as const;
export type KubeletServingCerts = (typeof KUBELET_SERVING_CERTS)[number];

export const FLANNEL_BACKENDS = ['vxlan', 'host-gw', 'udp'] as const;
export type FlannelBackend = (typeof FLANNEL_BACKENDS)[number];

export const FIREWALL_MODES = ['disabled', 'open-ports'] as const;
export type FirewallMode = (typeof FIREWALL_MODES)[number];

/** dnsmasq: hand out addresses (static reservations) or only boot information (proxy DHCP). */
export const DHCP_MODES = ['static', 'proxy'] as const;
export type DhcpMode = (typeof DHCP_MODES)[number];

/** Cloud metadata services bootforge renders user-data for (`cloud:<provider>` delivery). */
export const CLOUD_PROVIDERS = ['aws', 'openstack', 'azure', 'gcp'] as const;
export type CloudProvider = (typeof CLOUD_PROVIDERS)[number];

/**
 * How a host's configs reach it (`cluster.delivery`, per host `delivery`): each target adds the
 * files that carry the configs there (README "Delivery"). The configs themselves (cloud-init,
 * Ignition, kickstart) are rendered for every host.
 */
export const DELIVERY_TARGETS = [
  'pxe',
  'iso',
  'vsphere',
  'bundle',
  ...CLOUD_PROVIDERS.map((p) => `cloud:${p}` as const),
] as const;
export type DeliveryTarget = (typeof DELIVERY_TARGETS)[number];
export const DEFAULT_DELIVERY: readonly DeliveryTarget[] = ['pxe', 'iso'];

export const SELINUX_MODES = ['permissive', 'enforcing', 'disabled'] as const;
export type SelinuxMode = (typeof SELINUX_MODES)[number];

/** Component version pins; anything absent is resolved from the Kubernetes version (plan/versions.ts). */
export interface VersionPins {
  etcd?: string;
  flannel?: string;
  flannelCni?: string;
  containerd?: string;
  runc?: string;
  docker?: string;
  criDockerd?: string;
  cniPlugins?: string;
  coredns?: string;
  pause?: string;
}

export interface KubernetesSpec {
  version: string;
  serviceCIDR: string;
  podCIDR: string;
  dnsDomain: string;
  /** flannel SubnetLen; default 24, or prefix+2 when podCIDR is smaller than /22. */
  nodeSubnetLength?: number;
  /** Extra SANs for the apiserver certificate (load-balancer names or IPs). */
  apiServerSANs: string[];
  /** The address clients use for the apiserver (a load balancer); default: the first master. */
  apiServerEndpoint?: string;
  kubeletCredentials: KubeletCredentials;
  kubeletServingCerts: KubeletServingCerts;
}

export interface NetworkSpec {
  cidr: string;
  gateway: string;
  nameservers: string[];
  /** Default interface name on every host (a host may override); default eth0. */
  interface: string;
  mtu: number;
  ntpServers: string[];
  searchDomains: string[];
}

export interface SshSpec {
  authorizedKeys: string[];
}

export interface PkiSpec {
  keyAlgorithm: KeyAlgorithm;
  /** Validity of leaf certificates in days (CAs: 10 years). */
  leafDays: number;
  /**
   * true: every master gets admin.conf (cluster-admin) and bootstraps the cluster; false: no host
   * gets a cluster-admin credential, the operator applies OUT/cluster/bootstrap/ once.
   */
  adminOnMasters: boolean;
}

/** Every download bootforge renders, by the name its sha256 pin has under `cluster.artifacts.sha256`. */
export const ARTIFACT_NAMES = [
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kubectl',
  'kubelet',
  'kube-proxy',
  'etcd',
  'flannel',
  'flannel-cni',
  'cni-plugins',
  'cri-dockerd',
  'containerd',
  'runc',
] as const;
export type ArtifactName = (typeof ARTIFACT_NAMES)[number];

/** Where hosts download binaries and packages; a local mirror for air-gapped sites. */
export interface ArtifactsSpec {
  /** Base URL replacing https://github.com, https://dl.k8s.io, ... (mirror keeps upstream paths). */
  mirror?: string;
  /** sha256 pins by artifact name (e.g. "kube-apiserver", "etcd", "flannel"). */
  sha256: Partial<Record<ArtifactName, string>>;
}

/** Install-time settings (kickstart, PXE): where the OS comes from and how the disk is laid out. */
export interface InstallSpec {
  /** EL install tree (BaseOS for el9). */
  repo?: string;
  /** EL9 AppStream tree. */
  appstream?: string;
  /** Kernel and initrd URLs for PXE; default: under repo's images/pxeboot/. */
  kernel?: string;
  initrd?: string;
  /** Ubuntu's live-server ISO for the autoinstall path; default <repo>/<the family's ISO name>. */
  iso?: string;
  disk: string;
  timezone: string;
  /** SHA-512 crypt hash for root; root is locked when absent. */
  rootPasswordHash?: string;
  selinux: SelinuxMode;
  firewall: FirewallMode;
  /**
   * The install path of a host's plain per-MAC PXE entry (every path the family takes is rendered);
   * its default depends on the OS family (os/family.ts defaultInstallMethod).
   */
  method: InstallMethod;
  /** CoreOS live PXE images for the Ignition path; default <bootServer>/assets/coreos/... */
  coreos?: { kernel?: string; initramfs?: string; rootfs?: string };
  /** A live image with cloud-init for the NoCloud path; default <bootServer>/assets/live/... */
  live?: { kernel?: string; initrd?: string; rootfs?: string };
  dhcpMode: DhcpMode;
  /** Where dnsmasq's TFTP root (undionly.kpxe, ipxe.efi) lives on the boot server. */
  tftpRoot: string;
  /** The boot server's interface on the hosts' network; dnsmasq answers only there when set. */
  dhcpInterface?: string;
}

export interface ClusterSpec {
  name: string;
  os: OsId;
  runtime: Runtime;
  kubernetes: KubernetesSpec;
  network: NetworkSpec;
  /** Required when some host is delivered by PXE (inventory/rules/delivery.ts). */
  bootServer?: string;
  /** How hosts get their configs; default [pxe, iso]. A host may override it. */
  delivery: DeliveryTarget[];
  ssh: SshSpec;
  versions: VersionPins;
  flannel: { backend: FlannelBackend };
  pki: PkiSpec;
  artifacts: ArtifactsSpec;
  install: InstallSpec;
  /** A directory of user profiles and template overrides (relative to the inventory file). */
  profilesDir?: string;
  labels: Record<string, string>;
}

export interface HostSpec {
  name: string;
  roles: Role[];
  ip: string;
  /** Normalised: lower case, colon separated. Required when the host is delivered by PXE. */
  mac?: string;
  /** This host's delivery targets: its own `delivery`, else cluster.delivery (defaults fill it in). */
  delivery: DeliveryTarget[];
  /** Interface name; default cluster.network.interface. */
  interface: string;
  /** Install disk; default cluster.install.disk. */
  disk: string;
  labels: Record<string, string>;
  /** Extra user profiles (by name) applied to this host after its roles. */
  profiles: string[];
}

export interface Inventory {
  version: 1;
  cluster: ClusterSpec;
  hosts: HostSpec[];
}
