/**
 * Test inputs for the profiles: plans made by the real inventory loader and planner from small
 * inventories, and a ClusterPki whose PEM strings are obvious placeholders (profiles only place
 * them into files).
 */
import { parseInventory } from '../../inventory/load.js';
import { planCluster } from '../../plan/plan-cluster.js';
import type { ClusterPlan } from '../../plan/model.js';
import type { CertKeyPair, ClusterPki } from '../../pki/model.js';

const pem = (label: string, name: string): string =>
  `-----BEGIN ${label}-----\nFAKE-${name}\n-----END ${label}-----\n`;
export const fakePair = (name: string): CertKeyPair => ({
  cert: pem('CERTIFICATE', name),
  key: pem('PRIVATE KEY', name),
});

/** Pins for the artifacts whose upstream publishes no checksum file (placeholder hashes). */
export const PINS = {
  flannel: 'a'.repeat(64),
  'cri-dockerd': 'b'.repeat(64),
};

export interface PlanOptions {
  version?: string;
  os?: 'centos7' | 'el9';
  runtime?: 'docker' | 'containerd';
  credentials?: 'static' | 'bootstrap';
  /** cluster.kubernetes.kubeletServingCerts; absent: the default. */
  servingCerts?: 'kubelet' | 'csr';
  firewall?: 'disabled' | 'open-ports';
  /** Extra YAML lines under `cluster:` (indented two spaces). */
  clusterExtra?: string;
  /** The hosts block; default: classic four hosts. */
  hosts?: string;
  pins?: Record<string, string>;
  versions?: Record<string, string>;
}

const CLASSIC_HOSTS = `hosts:
  - { name: knode1, roles: [master], ip: 10.0.0.11, mac: "52:54:00:00:00:11" }
  - { name: knode2, roles: [node], ip: 10.0.0.12, mac: "52:54:00:00:00:12" }
  - { name: knode3, roles: [node], ip: 10.0.0.13, mac: "52:54:00:00:00:13" }
  - { name: knode4, roles: [etcd], ip: 10.0.0.14, mac: "52:54:00:00:00:14" }
`;

export const HA_HOSTS = `hosts:
  - { name: etcd1, roles: [etcd], ip: 10.0.0.21, mac: "52:54:00:00:00:21" }
  - { name: etcd2, roles: [etcd], ip: 10.0.0.22, mac: "52:54:00:00:00:22" }
  - { name: etcd3, roles: [etcd], ip: 10.0.0.23, mac: "52:54:00:00:00:23" }
  - { name: master1, roles: [master], ip: 10.0.0.31, mac: "52:54:00:00:00:31" }
  - { name: master2, roles: [master], ip: 10.0.0.32, mac: "52:54:00:00:00:32" }
  - { name: worker1, roles: [node], ip: 10.0.0.41, mac: "52:54:00:00:00:41" }
`;

export const ALL_IN_ONE_HOSTS = `hosts:
  - { name: aio1, roles: [etcd, master, node], ip: 10.0.0.51, mac: "52:54:00:00:00:51" }
  - { name: node2, roles: [node], ip: 10.0.0.52, mac: "52:54:00:00:00:52" }
`;

/** HA_HOSTS with labels: a restricted role label, a kubelet-settable one, a plain one. */
export const LABELLED_HOSTS = HA_HOSTS.replace(
  'roles: [node], ip: 10.0.0.41,',
  'roles: [node], labels: { node-role.kubernetes.io/worker: "", example.com/gpu: "true" }, ip: 10.0.0.41,',
);

function yamlMap(entries: Record<string, string>, indent: string): string {
  return Object.entries(entries)
    .map(([k, v]) => `${indent}${JSON.stringify(k)}: ${JSON.stringify(v)}\n`)
    .join('');
}

export function inventoryYaml(o: PlanOptions = {}): string {
  const pins = { ...PINS, ...(o.pins ?? {}) };
  const versions = o.versions ?? {};
  return `version: 1
cluster:
  name: testc
  os: ${o.os ?? 'centos7'}
  runtime: ${o.runtime ?? 'docker'}
  kubernetes:
    version: "${o.version ?? '1.23.17'}"
    serviceCIDR: 10.254.0.0/16
    podCIDR: 192.168.0.0/16
    kubeletCredentials: ${o.credentials ?? 'static'}
${o.servingCerts ? `    kubeletServingCerts: ${o.servingCerts}\n` : ''}  network:
    cidr: 10.0.0.0/24
    gateway: 10.0.0.1
    nameservers: [10.0.0.1]
    ntpServers: [ntp.example.com]
  bootServer: http://10.0.0.2:8080
  ssh:
    authorizedKeys:
      - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILfe2CYNLNY/fsKUPymOhid64Ez+hFpBW3wxOfA+9ejq admin@example
  install:
    selinux: permissive
    firewall: ${o.firewall ?? 'disabled'}
  artifacts:
    sha256:
${yamlMap(pins, '      ')}${Object.keys(versions).length > 0 ? `  versions:\n${yamlMap(versions, '    ')}` : ''}${o.clusterExtra ?? ''}${o.hosts ?? CLASSIC_HOSTS}`;
}

export function makePlan(o: PlanOptions = {}): ClusterPlan {
  const result = parseInventory(inventoryYaml(o), 'test.yaml');
  if (!result.inventory) {
    throw new Error(
      `fixture inventory invalid:\n${result.diagnostics.map((d) => `${d.path}: ${d.message}`).join('\n')}`,
    );
  }
  return planCluster(result.inventory);
}

/** The classic example: CentOS 7, docker, Kubernetes 1.23, flannel on the etcd v2 API. */
export const classicPlan = (o: PlanOptions = {}): ClusterPlan => makePlan(o);

/** A current cluster: EL9, containerd, Kubernetes 1.34, three etcd members, two masters. */
export const currentPlan = (o: PlanOptions = {}): ClusterPlan =>
  makePlan({
    os: 'el9',
    runtime: 'containerd',
    version: '1.34.2',
    hosts: HA_HOSTS,
    firewall: 'open-ports',
    ...o,
  });

/** 43 base64url characters naming the host: `knode1-report-token-xxx...`. */
export function fakeReportToken(host: string): string {
  return `${host}-report-token-`.padEnd(43, 'x').slice(0, 43);
}

export function fakePki(plan: ClusterPlan): ClusterPki {
  const byName = (names: string[], prefix: string): Record<string, CertKeyPair> =>
    Object.fromEntries(names.map((n) => [n, fakePair(`${prefix}-${n}`)]));
  const bootstrap = plan.inventory.cluster.kubernetes.kubeletCredentials === 'bootstrap';
  const nodes = plan.hosts.filter((h) => h.roles.includes('node')).map((h) => h.name);
  const pki: ClusterPki = {
    kubernetesCA: fakePair('kubernetes-ca'),
    etcdCA: fakePair('etcd-ca'),
    frontProxyCA: fakePair('front-proxy-ca'),
    apiserver: fakePair('apiserver'),
    apiserverKubeletClient: fakePair('apiserver-kubelet-client'),
    apiserverEtcdClient: fakePair('apiserver-etcd-client'),
    frontProxyClient: fakePair('front-proxy-client'),
    etcdServer: byName(
      plan.etcdMembers.map((m) => m.name),
      'etcd-server',
    ),
    etcdPeer: byName(
      plan.etcdMembers.map((m) => m.name),
      'etcd-peer',
    ),
    flannelEtcdClient: fakePair('flannel-etcd-client'),
    serviceAccount: { publicKey: pem('PUBLIC KEY', 'sa'), privateKey: pem('PRIVATE KEY', 'sa') },
    admin: fakePair('admin'),
    controllerManager: fakePair('controller-manager'),
    scheduler: fakePair('scheduler'),
    kubeProxy: fakePair('kube-proxy'),
    kubelets: bootstrap ? {} : byName(nodes, 'kubelet'),
    staticTokens: [
      { token: 'f'.repeat(32), user: 'kubelet-bootstrap', uid: '10001', groups: ['system:bootstrappers'] },
    ],
    encryptionKey: Buffer.alloc(32, 7).toString('base64'),
    reportTokens: Object.fromEntries(plan.hosts.map((h) => [h.name, fakeReportToken(h.name)])),
  };
  if (bootstrap) pki.bootstrapToken = { id: 'abcdef', secret: '0123456789abcdef' };
  return pki;
}
