/**
 * The plan as a readable report of aligned tables (`bootforge plan`). Pure: plan in, text out.
 */
import type { ClusterPlan, ComponentVersions } from './model.js';

/** Left-aligned columns separated by two spaces; the first row is the header. */
export function table(rows: readonly (readonly string[])[], indent = '  '): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map(
      (row) =>
        indent + row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '),
    )
    .map((line) => line.trimEnd())
    .join('\n');
}

const VERSION_LABELS: [keyof ComponentVersions, string][] = [
  ['kubernetes', 'Kubernetes'],
  ['etcd', 'etcd'],
  ['flannel', 'flannel'],
  ['flannelCni', 'flannel CNI plugin'],
  ['containerd', 'containerd'],
  ['runc', 'runc'],
  ['docker', 'docker'],
  ['criDockerd', 'cri-dockerd'],
  ['cniPlugins', 'CNI plugins'],
  ['coredns', 'CoreDNS'],
  ['pause', 'pause'],
];

/**
 * Every Node label, and who sets it: the kubelet (--node-labels), or the bootstrapping master
 * (the operator's OUT/cluster/bootstrap/apply.sh when no master bootstraps: pki.adminOnMasters).
 */
function labelSection(plan: ClusterPlan): string[] {
  const bootstrapper =
    plan.hosts.find((h) => h.bootstrapper)?.name ?? 'the operator (cluster/bootstrap/apply.sh)';
  const rows = plan.hosts.flatMap((h) => [
    ...Object.entries(h.labels.kubelet).map(([k, v]) => [h.name, `${k}=${v}`, 'kubelet --node-labels']),
    ...Object.entries(h.labels.restricted).map(([k, v]) => [
      h.name,
      `${k}=${v}`,
      `${bootstrapper} (kubectl label; NodeRestriction forbids the kubelet)`,
    ]),
  ]);
  if (rows.length === 0) return [];
  return ['', 'Node labels', table([['NODE', 'LABEL', 'SET BY'], ...rows])];
}

export function formatPlan(plan: ClusterPlan): string {
  const { cluster } = plan.inventory;
  const f = plan.flannel;
  const hostRows = plan.hosts.map((h) => [
    h.name,
    h.roles.join(','),
    `${h.ip}/${h.prefixLength}`,
    h.mac ?? '-',
    h.delivery.join(','),
    h.runsFlannel ? 'yes' : '-',
    h.runsKubelet ? 'yes' : '-',
    h.bootstrapper ? 'bootstraps the cluster' : '',
  ]);
  const etcdRows = plan.etcdMembers.map((m) => [m.name, m.ip, m.peerURL, m.clientURL]);
  const versionRows = VERSION_LABELS.flatMap(([key, label]) => {
    const value = plan.versions[key];
    return value === undefined ? [] : [[label, value]];
  });
  const sans = cluster.kubernetes.apiServerSANs;
  const sections = [
    `Cluster ${plan.name}: ${cluster.os}, ${cluster.runtime}, Kubernetes ${plan.versions.kubernetes}`,
    '',
    'Hosts',
    table([['NAME', 'ROLES', 'IP', 'MAC', 'DELIVERY', 'FLANNEL', 'KUBELET', 'NOTE'], ...hostRows]),
    '',
    'Kubernetes',
    table(
      [
        ['host network', `${cluster.network.cidr} (gateway ${cluster.network.gateway})`],
        ['service CIDR', cluster.kubernetes.serviceCIDR],
        ['API service IP', plan.apiServiceIP],
        ['DNS service IP', `${plan.dnsServiceIP} (${cluster.kubernetes.dnsDomain})`],
        ['API server (clients)', plan.apiServerURL],
        ['API server endpoints', plan.apiServerEndpoints.join(', ')],
        ...(sans.length > 0 ? [['extra SANs', sans.join(', ')]] : []),
        ['kubelet credentials', cluster.kubernetes.kubeletCredentials],
      ],
      '  ',
    ),
    '',
    'flannel',
    table(
      [
        ['network (pod CIDR)', f.network],
        ['per-node subnet', `/${f.subnetLength}`],
        ['capacity', `${f.capacity} hosts (${f.hostsUsing} used)`],
        ['backend', f.backend],
        ['etcd API', f.etcdApi === 'v2' ? 'v2 (etcd runs with --enable-v2)' : 'v3'],
        ['config', f.config],
      ],
      '  ',
    ),
    ...labelSection(plan),
    '',
    'etcd members',
    table([['NAME', 'IP', 'PEER URL', 'CLIENT URL'], ...etcdRows]),
    '',
    'Versions',
    table(versionRows),
  ];
  return `${sections.join('\n')}\n`;
}
