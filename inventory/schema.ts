/**
 * The inventory's JSON Schema (draft 2020-12): the single source of truth for its structure
 * (keys, types, enums, required keys, defaults, descriptions). `bootforge schema` prints it for
 * editors; inventory/structure.ts checks documents against it; inventory/defaults.ts fills in its
 * `default`s. Rules that need more than structure (addresses, overlaps, versions) live in
 * inventory/rules/.
 */
import {
  ARTIFACT_NAMES,
  DEFAULT_DELIVERY,
  DELIVERY_TARGETS,
  DHCP_MODES,
  FIREWALL_MODES,
  INSTALL_METHODS,
  FLANNEL_BACKENDS,
  KEY_ALGORITHMS,
  KUBELET_CREDENTIALS,
  KUBELET_SERVING_CERTS,
  OS_IDS,
  ROLES,
  RUNTIMES,
  SELINUX_MODES,
} from './model.js';
import type { InventoryCode } from './codes.js';
import { INSTALL_METHOD_DEFAULT } from '../os/family.js';
import { osFamily } from '../os/registry.js';

export type JsonType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface JsonSchema {
  $schema?: string;
  $id?: string;
  title?: string;
  description?: string;
  type?: JsonType;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: readonly string[];
  const?: number | string;
  default?: JsonValue;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  uniqueItems?: boolean;
  minLength?: number;
  format?: string;
  examples?: JsonValue[];
  /** The diagnostic code for a value outside `enum` (default BAD_ENUM). Ignored by editors. */
  'x-bootforge-code'?: InventoryCode;
}

const str = (description: string, extra: Partial<JsonSchema> = {}): JsonSchema => ({
  type: 'string',
  description,
  ...extra,
});
const strList = (description: string, item: JsonSchema, extra: Partial<JsonSchema> = {}): JsonSchema => ({
  type: 'array',
  description,
  items: item,
  ...extra,
});
const obj = (
  description: string,
  properties: Record<string, JsonSchema>,
  required: string[] = [],
  extra: Partial<JsonSchema> = {},
): JsonSchema => ({
  type: 'object',
  description,
  properties,
  ...(required.length > 0 ? { required } : {}),
  additionalProperties: false,
  ...extra,
});
const stringMap = (description: string): JsonSchema => ({
  type: 'object',
  description,
  additionalProperties: { type: 'string' },
  default: {},
});
const version = (component: string): JsonSchema =>
  str(`${component} version (e.g. "1.2.3"); default follows the Kubernetes version (plan/versions.ts).`);

const versions = obj(
  'Component version pins. Anything absent is resolved from the Kubernetes version; `bootforge plan` shows the result.',
  {
    etcd: version('etcd'),
    flannel: version('flannel (<= 0.17 uses the etcd v2 API, >= 0.18 the v3 API)'),
    flannelCni: str('flannel CNI plugin version (flannel-io/cni-plugin), e.g. "1.7.1-flannel2".'),
    containerd: version('containerd'),
    runc: version('runc'),
    docker: version('docker-ce (runtime: docker)'),
    criDockerd: str(
      'cri-dockerd version (docker on Kubernetes >= 1.24), or "none" to leave it out (only valid below 1.24).',
    ),
    cniPlugins: version('containernetworking/plugins'),
    coredns: version('CoreDNS'),
    pause: version('pause image'),
  },
  [],
  { default: {} },
);

const kubernetes = obj(
  'Kubernetes settings.',
  {
    version: str(
      'Kubernetes release in quotes: MAJOR.MINOR.PATCH, or MAJOR.MINOR for the newest patch of that minor bootforge knows; 1.20 to 1.35 are supported.',
      {
        examples: ['1.23.17', '1.34.2', '1.34'],
      },
    ),
    serviceCIDR: str(
      'Service network (IPv4, prefix /12 or longer). The kubernetes Service gets its first IP.',
      {
        examples: ['10.254.0.0/16'],
      },
    ),
    podCIDR: str('Pod network: flannel `Network`, kube-proxy `clusterCIDR`.', {
      examples: ['192.168.0.0/16'],
    }),
    dnsDomain: str('Cluster DNS domain.', { default: 'cluster.local' }),
    nodeSubnetLength: {
      type: 'integer',
      description:
        'flannel `SubnetLen`: prefix of each host pod subnet. Default 24, or the pod prefix + 2 below /22.',
      minimum: 8,
      maximum: 30,
    },
    apiServerSANs: strList(
      'Extra names and IPs for the apiserver certificate (load balancers, DNS names).',
      {
        type: 'string',
      },
      { default: [] },
    ),
    apiServerEndpoint: str(
      'The address clients use for the apiserver (a load balancer name or IP). Default: the first master.',
    ),
    kubeletCredentials: {
      type: 'string',
      description:
        'How kubelets get their client certificate: "static" (issued by bootforge) or "bootstrap" (TLS bootstrap token). Default: bootstrap from 1.24, static below.',
      enum: KUBELET_CREDENTIALS,
    },
    kubeletServingCerts: {
      type: 'string',
      description:
        'Where kubelets get their serving certificate (:10250): "kubelet" (what the kubelet holds: the issued node certificate with static credentials, a self-signed one with bootstrap; the apiserver does not verify it) or "csr" (serverTLSBootstrap: a kubernetes.io/kubelet-serving CSR, approved on every master only for an inventory host\'s own name and IPs; the apiserver verifies kubelets with --kubelet-certificate-authority).',
      enum: KUBELET_SERVING_CERTS,
      default: 'kubelet',
    },
  },
  ['version', 'serviceCIDR', 'podCIDR'],
);

const network = obj(
  "The hosts' own network.",
  {
    cidr: str('Host network (IPv4 CIDR); every host IP must be inside it.', { examples: ['10.0.0.0/24'] }),
    gateway: str('Default gateway, inside the host network.', { format: 'ipv4' }),
    nameservers: strList('DNS servers for the hosts.', { type: 'string', format: 'ipv4' }, { minItems: 1 }),
    interface: str('Default interface name on every host (a host may override it).', { default: 'eth0' }),
    mtu: {
      type: 'integer',
      description: 'Interface MTU; flannel vxlan uses MTU - 50.',
      minimum: 576,
      maximum: 9216,
      default: 1500,
    },
    ntpServers: strList(
      'NTP servers for chronyd (names or IPs); empty keeps the OS default pool.',
      { type: 'string' },
      { default: [] },
    ),
    searchDomains: strList('DNS search domains for the hosts.', { type: 'string' }, { default: [] }),
  },
  ['cidr', 'gateway', 'nameservers'],
);

const install = obj(
  'Install-time settings (kickstart, PXE).',
  {
    repo: str('EL install tree URL (BaseOS for el9).', { format: 'uri' }),
    appstream: str('EL9 AppStream tree URL.', { format: 'uri' }),
    kernel: str(
      'PXE kernel URL; default <repo>/images/pxeboot/vmlinuz (EL), <repo>/casper/vmlinuz (Ubuntu).',
      {
        format: 'uri',
      },
    ),
    initrd: str(
      'PXE initrd URL; default <repo>/images/pxeboot/initrd.img (EL), <repo>/casper/initrd (Ubuntu).',
      {
        format: 'uri',
      },
    ),
    iso: str(
      'Ubuntu live-server ISO that casper downloads on the autoinstall path; default <repo>/ubuntu-24.04.3-live-server-amd64.iso.',
      { format: 'uri' },
    ),
    disk: str('Install disk (a host may override it).', { default: '/dev/sda' }),
    timezone: str('IANA time zone.', { default: 'UTC' }),
    rootPasswordHash: str('SHA-512 crypt hash for root ($6$...); root stays locked when absent.'),
    selinux: { type: 'string', description: 'SELinux mode.', enum: SELINUX_MODES, default: 'permissive' },
    firewall: {
      type: 'string',
      description: 'firewalld: "disabled", or "open-ports" to open each role\'s ports.',
      enum: FIREWALL_MODES,
      default: 'disabled',
    },
    method: {
      type: 'string',
      description:
        "Install path of each host's plain per-MAC PXE entry: kickstart (EL installer), nocloud (a live image with cloud-init), ignition (CoreOS, Flatcar) or autoinstall (Ubuntu's live installer). Each path the OS can be installed by gets its own entry (CentOS 7: no ignition; Ubuntu: autoinstall only). Default: " +
        INSTALL_METHOD_DEFAULT +
        '.',
      enum: INSTALL_METHODS,
    },
    coreos: obj(
      'CoreOS live PXE images for the Ignition path.',
      {
        kernel: str('Default <bootServer>/assets/coreos/kernel.', { format: 'uri' }),
        initramfs: str('Default <bootServer>/assets/coreos/initramfs.img.', { format: 'uri' }),
        rootfs: str('Default <bootServer>/assets/coreos/rootfs.img.', { format: 'uri' }),
      },
      [],
    ),
    live: obj(
      'A live image with cloud-init for the NoCloud path.',
      {
        kernel: str('Default <bootServer>/assets/live/vmlinuz.', { format: 'uri' }),
        initrd: str('Default <bootServer>/assets/live/initrd.img.', { format: 'uri' }),
        rootfs: str('Default <bootServer>/assets/live/squashfs.img.', { format: 'uri' }),
      },
      [],
    ),
    dhcpMode: {
      type: 'string',
      description:
        'dnsmasq: "static" hands out the inventory addresses; "proxy" only adds boot information beside an existing DHCP server.',
      enum: DHCP_MODES,
      default: 'static',
    },
    tftpRoot: str('TFTP root on the boot server holding undionly.kpxe and ipxe.efi.', {
      default: '/var/lib/tftpboot',
    }),
    dhcpInterface: str("The boot server's interface on the hosts' network; dnsmasq answers only there."),
  },
  [],
  { default: {} },
);

const delivery = (description: string, extra: Partial<JsonSchema> = {}): JsonSchema =>
  strList(
    description,
    { type: 'string', enum: DELIVERY_TARGETS },
    {
      minItems: 1,
      uniqueItems: true,
      examples: [['pxe', 'iso', 'vsphere', 'cloud:aws', 'bundle']],
      ...extra,
    },
  );

const cluster = obj(
  'The cluster: operating system, runtime, Kubernetes, networks and boot settings.',
  {
    name: str('DNS label naming the cluster, its CA and its files.', { examples: ['knodes'] }),
    os: {
      type: 'string',
      description: `Host OS family (os/ in bootforge; README "Operating systems"): ${OS_IDS.map((id) => `${id}: ${osFamily(id).title}`).join('; ')}.`,
      enum: OS_IDS,
      'x-bootforge-code': 'UNSUPPORTED_OS',
    },
    runtime: {
      type: 'string',
      description: 'Container runtime: docker (with cri-dockerd from 1.24) or containerd.',
      enum: RUNTIMES,
      'x-bootforge-code': 'UNSUPPORTED_RUNTIME',
    },
    kubernetes,
    network,
    bootServer: str(
      'http(s) URL where booting machines fetch their files (`bootforge serve`). Required when a host is delivered by pxe.',
      {
        format: 'uri',
        examples: ['http://10.0.0.2:8080'],
      },
    ),
    delivery: delivery(
      'How hosts get their configs, i.e. which files are rendered beside cloud-init, Ignition and kickstart: pxe (pxe/, dnsmasq.conf, nginx.conf), iso (seed.iso), vsphere (guestinfo), cloud:aws|openstack|azure|gcp (cloud user-data, sized for that platform), bundle (bundles/<host>.tar.gz). A host may override it.',
      { default: [...DEFAULT_DELIVERY] },
    ),
    ssh: obj(
      'SSH access to the hosts.',
      {
        authorizedKeys: strList(
          'OpenSSH public key lines for root/admin login.',
          { type: 'string' },
          { default: [] },
        ),
      },
      [],
      { default: {} },
    ),
    versions,
    flannel: obj(
      'flannel settings.',
      {
        backend: {
          type: 'string',
          description: 'flannel backend.',
          enum: FLANNEL_BACKENDS,
          default: 'vxlan',
        },
      },
      [],
      { default: {} },
    ),
    pki: obj(
      'Certificates issued by bootforge.',
      {
        keyAlgorithm: {
          type: 'string',
          description: 'Key type: rsa (2048) or ecdsa (P-256).',
          enum: KEY_ALGORITHMS,
          default: 'rsa',
        },
        leafDays: {
          type: 'integer',
          description: 'Validity of leaf certificates in days (CAs: 10 years).',
          minimum: 1,
          maximum: 3650,
          default: 365,
        },
        adminOnMasters: {
          type: 'boolean',
          description:
            'Put the cluster-admin kubeconfig (/etc/kubernetes/admin.conf, system:masters) on every master, which then bootstraps the cluster (RBAC, bootstrap token, CoreDNS, restricted node labels). false: no host gets a cluster-admin credential and no master bootstraps; the operator runs OUT/cluster/bootstrap/apply.sh once with OUT/cluster/admin.conf.',
          default: true,
        },
      },
      [],
      { default: {} },
    ),
    artifacts: obj(
      'Where hosts download binaries; a local mirror for air-gapped sites.',
      {
        mirror: str('Base URL replacing https://github.com, https://dl.k8s.io, ... (keeps upstream paths).', {
          format: 'uri',
        }),
        sha256: obj(
          'sha256 pins by artifact name: the hex digest of the file hosts download (required for a flannel or cri-dockerd version bootforge has no checksum for).',
          Object.fromEntries(ARTIFACT_NAMES.map((name) => [name, str(`sha256 of the ${name} download.`)])),
          [],
          { default: {} },
        ),
      },
      [],
      { default: {} },
    ),
    install,
    profilesDir: str('Directory of user profiles and template overrides, relative to the inventory file.'),
    labels: stringMap('Kubernetes labels for every node.'),
  },
  ['name', 'os', 'runtime', 'kubernetes', 'network'],
);

const host = obj(
  'One machine.',
  {
    name: str('Host name: an RFC 1123 DNS label, unique; also the Kubernetes node name.'),
    roles: {
      type: 'array',
      description: 'Roles of this host: any of master, node, etcd.',
      items: { type: 'string', enum: ROLES },
      minItems: 1,
      uniqueItems: true,
    },
    ip: str('Static IPv4 address inside cluster.network.cidr.', { format: 'ipv4' }),
    mac: str(
      'MAC address of the boot NIC, any common spelling (colons, hyphens, dots, any case). Quote it. Required when the host is delivered by pxe; without it the network configs match the interface by name.',
      {
        examples: ['52:54:00:00:00:11'],
      },
    ),
    interface: str('Interface name; default cluster.network.interface.'),
    delivery: delivery("This host's delivery targets, replacing cluster.delivery."),
    disk: str('Install disk; default cluster.install.disk.'),
    labels: stringMap('Kubernetes labels for this node, added to cluster.labels.'),
    profiles: strList('Extra user profiles applied after the roles.', { type: 'string' }, { default: [] }),
  },
  ['name', 'roles', 'ip'],
);

export const INVENTORY_SCHEMA_ID = 'urn:bootforge:schema:inventory:v1';

export const inventorySchema: JsonSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: INVENTORY_SCHEMA_ID,
  title: 'bootforge inventory v1',
  description:
    'A Kubernetes cluster: the machines, their roles and the settings bootforge renders first-boot files from.',
  type: 'object',
  properties: {
    version: { type: 'integer', description: 'Inventory format version.', const: 1 },
    cluster,
    hosts: { type: 'array', description: 'Every machine of the cluster.', items: host, minItems: 1 },
  },
  required: ['version', 'cluster', 'hosts'],
  additionalProperties: false,
};
