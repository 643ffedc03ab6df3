/**
 * Which certificates a cluster needs and what each must contain: a pure function of the plan,
 * following kubeadm's certificate list (k8s-reference.md section 3). The store compares what is on
 * disk against this catalog; names double as file paths in the state directory (`<name>.crt`/`.key`).
 */
import { isIP } from 'node:net';
import type { KeyAlgorithm, KubeletCredentials } from '../inventory/model.js';
import type { ClusterPlan } from '../plan/model.js';
import { canonicalIp } from './certificate-facts.js';
import { CA_DAYS, type CertificateProfile, type ExtendedUsage, type Subject } from './certificate-profile.js';

export const CA_NAMES = ['ca', 'etcd/ca', 'front-proxy-ca'] as const;
export type CaName = (typeof CA_NAMES)[number];

/** ClusterPki fields that hold one leaf certificate (each has exactly one catalog entry). */
export const SINGLE_LEAF_FIELDS = [
  'apiserver',
  'apiserverKubeletClient',
  'apiserverEtcdClient',
  'frontProxyClient',
  'flannelEtcdClient',
  'admin',
  'controllerManager',
  'scheduler',
  'kubeProxy',
] as const;
export type SingleLeafField = (typeof SINGLE_LEAF_FIELDS)[number];

/** ClusterPki fields that hold a CA. */
export type CaField = 'kubernetesCA' | 'etcdCA' | 'frontProxyCA';

/** Where an issued leaf goes in ClusterPki. */
export type LeafSlot =
  | { kind: 'single'; field: SingleLeafField }
  | { kind: 'etcdServer'; member: string }
  | { kind: 'etcdPeer'; member: string }
  | { kind: 'kubelet'; node: string };

export interface CaEntry {
  name: CaName;
  /** ClusterPki field. */
  field: CaField;
  profile: CertificateProfile;
}

export interface LeafEntry {
  name: string;
  issuer: CaName;
  profile: CertificateProfile;
  slot: LeafSlot;
}

export interface PkiCatalog {
  keyAlgorithm: KeyAlgorithm;
  kubeletCredentials: KubeletCredentials;
  cas: CaEntry[];
  leaves: LeafEntry[];
  /** Hosts that get a report token (every host), in inventory order. */
  reportTokenHosts: string[];
}

/** The `--rotate` name of a host's report token. */
export const REPORT_TOKEN_PREFIX = 'report-token/';

export function reportTokenName(host: string): string {
  return `${REPORT_TOKEN_PREFIX}${host}`;
}

/** DNS names of the `kubernetes` Service, valid from inside any pod. */
export function kubernetesServiceNames(dnsDomain: string): string[] {
  return [
    'kubernetes',
    'kubernetes.default',
    'kubernetes.default.svc',
    `kubernetes.default.svc.${dnsDomain}`,
  ];
}

/** Sort key: family first (IPv4 before IPv6), then the address numerically. */
function ipSortKey(ip: string): number[] {
  if (isIP(ip) === 4) return [4, ...ip.split('.').map(Number)];
  const [head = '', tail] = ip.split('::');
  const groups = (s: string): number[] => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  return [6, ...left, ...new Array<number>(Math.max(0, 8 - left.length - right.length)).fill(0), ...right];
}

function compareIps(a: string, b: string): number {
  const x = ipSortKey(a);
  const y = ipSortKey(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? -1) - (y[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

export interface SanSet {
  dnsNames: string[];
  ipAddresses: string[];
}

/** Split names into DNS and IP SANs, unique and sorted (IPs numerically). */
export function sans(values: readonly string[]): SanSet {
  const dns = new Set<string>();
  const ips = new Set<string>();
  for (const v of values) {
    if (v === '') continue;
    if (isIP(v)) ips.add(canonicalIp(v));
    else dns.add(v.toLowerCase());
  }
  return { dnsNames: [...dns].sort(), ipAddresses: [...ips].sort(compareIps) };
}

/** The host part of `host`, `host:port`, `[v6]:port` or a URL. */
export function endpointHost(endpoint: string): string {
  const withoutScheme = endpoint.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/.*$/, '');
  if (withoutScheme.startsWith('[')) return withoutScheme.slice(1, withoutScheme.indexOf(']'));
  if (isIP(withoutScheme) === 6) return withoutScheme;
  return withoutScheme.replace(/:\d+$/, '');
}

function profile(
  subject: Subject,
  usages: ExtendedUsage[],
  days: number,
  names: readonly string[] = [],
): CertificateProfile {
  return { subject, ...sans(names), usages, isCA: false, days };
}

function caProfile(commonName: string): CertificateProfile {
  return {
    subject: { commonName, organizations: [] },
    dnsNames: [],
    ipAddresses: [],
    usages: [],
    isCA: true,
    days: CA_DAYS,
  };
}

const CLIENT: ExtendedUsage[] = ['clientAuth'];
const SERVER: ExtendedUsage[] = ['serverAuth'];
const BOTH: ExtendedUsage[] = ['serverAuth', 'clientAuth'];

function cn(commonName: string, ...organizations: string[]): Subject {
  return { commonName, organizations };
}

export function pkiCatalog(plan: ClusterPlan): PkiCatalog {
  const { kubernetes, pki } = plan.inventory.cluster;
  const days = pki.leafDays;
  const masters = plan.hosts.filter((h) => h.roles.includes('master'));
  const apiserverNames = [
    plan.apiServiceIP,
    '127.0.0.1',
    ...kubernetesServiceNames(kubernetes.dnsDomain),
    ...masters.flatMap((m) => [m.name, m.ip]),
    ...kubernetes.apiServerSANs,
    ...(kubernetes.apiServerEndpoint ? [endpointHost(kubernetes.apiServerEndpoint)] : []),
    endpointHost(plan.apiServerURL),
  ];

  const single = (
    name: string,
    field: SingleLeafField,
    issuer: CaName,
    leafProfile: CertificateProfile,
  ): LeafEntry => ({ name, issuer, profile: leafProfile, slot: { kind: 'single', field } });

  const leaves: LeafEntry[] = [
    single('apiserver', 'apiserver', 'ca', profile(cn('kube-apiserver'), SERVER, days, apiserverNames)),
    single(
      'apiserver-kubelet-client',
      'apiserverKubeletClient',
      'ca',
      profile(cn('kube-apiserver-kubelet-client', 'system:masters'), CLIENT, days),
    ),
    single(
      'apiserver-etcd-client',
      'apiserverEtcdClient',
      'etcd/ca',
      profile(cn('kube-apiserver-etcd-client'), CLIENT, days),
    ),
    single(
      'front-proxy-client',
      'frontProxyClient',
      'front-proxy-ca',
      profile(cn('front-proxy-client'), CLIENT, days),
    ),
    single('etcd/flannel-client', 'flannelEtcdClient', 'etcd/ca', profile(cn('flannel'), CLIENT, days)),
    single('admin', 'admin', 'ca', profile(cn('admin', 'system:masters'), CLIENT, days)),
    single(
      'kube-controller-manager',
      'controllerManager',
      'ca',
      profile(cn('system:kube-controller-manager'), CLIENT, days),
    ),
    single('kube-scheduler', 'scheduler', 'ca', profile(cn('system:kube-scheduler'), CLIENT, days)),
    single('kube-proxy', 'kubeProxy', 'ca', profile(cn('system:kube-proxy'), CLIENT, days)),
  ];
  for (const member of plan.etcdMembers) {
    leaves.push({
      name: `etcd/server-${member.name}`,
      issuer: 'etcd/ca',
      // etcd also dials its own client URL with this certificate, so it needs clientAuth too.
      profile: profile(cn(member.name), BOTH, days, [member.ip, member.name, '127.0.0.1', 'localhost']),
      slot: { kind: 'etcdServer', member: member.name },
    });
    leaves.push({
      name: `etcd/peer-${member.name}`,
      issuer: 'etcd/ca',
      profile: profile(cn(member.name), BOTH, days, [member.ip, member.name]),
      slot: { kind: 'etcdPeer', member: member.name },
    });
  }
  if (kubernetes.kubeletCredentials === 'static') {
    for (const host of plan.hosts.filter((h) => h.runsKubelet)) {
      leaves.push({
        name: `kubelets/${host.name}`,
        issuer: 'ca',
        // One certificate both authenticates the kubelet and serves its port 10250.
        profile: profile(cn(`system:node:${host.name}`, 'system:nodes'), BOTH, days, [host.name, host.ip]),
        slot: { kind: 'kubelet', node: host.name },
      });
    }
  }
  return {
    keyAlgorithm: pki.keyAlgorithm,
    kubeletCredentials: kubernetes.kubeletCredentials,
    cas: [
      { name: 'ca', field: 'kubernetesCA', profile: caProfile('kubernetes') },
      { name: 'etcd/ca', field: 'etcdCA', profile: caProfile('etcd-ca') },
      { name: 'front-proxy-ca', field: 'frontProxyCA', profile: caProfile('front-proxy-ca') },
    ],
    leaves,
    reportTokenHosts: plan.hosts.map((h) => h.name),
  };
}
