/**
 * The labels a host's Node carries: `cluster.labels` under `hosts[].labels` (the host's value
 * wins), split by who may set them. A kubelet registers its Node with `--node-labels`, but the
 * NodeRestriction admission plugin lets a kubelet set only some labels on its own Node (and the
 * kubelet itself refuses to start with others in `--node-labels`):
 *
 * - nothing under `node-restriction.kubernetes.io/` (or a subdomain of it);
 * - under `kubernetes.io/` and `k8s.io/` (and their subdomains) only the well-known kubelet
 *   labels (hostname, os, arch, instance type, topology zone and region, and their beta names)
 *   and keys under `kubelet.kubernetes.io/` or `node.kubernetes.io/` (or subdomains);
 * - anything else (`example.com/gpu`, `rack`).
 *
 * The rest (`node-role.kubernetes.io/worker`, most often) is applied by the bootstrapping master
 * with cluster-admin credentials once the Node has registered (profiles/components/node-labels.ts).
 * As in k8s.io/kubelet/pkg/apis/well_known_labels.go and the NodeRestriction plugin.
 */
import { compareStrings } from '../encoders/order.js';

const KUBELET_LABELS: ReadonlySet<string> = new Set([
  'kubernetes.io/hostname',
  'kubernetes.io/os',
  'kubernetes.io/arch',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/arch',
  'beta.kubernetes.io/instance-type',
  'node.kubernetes.io/instance-type',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
]);

function within(namespace: string, domain: string): boolean {
  return namespace === domain || namespace.endsWith(`.${domain}`);
}

/** May a kubelet set this label on its own Node (NodeRestriction)? */
export function kubeletMaySet(key: string): boolean {
  const slash = key.indexOf('/');
  const namespace = slash < 0 ? '' : key.slice(0, slash);
  if (within(namespace, 'node-restriction.kubernetes.io')) return false;
  if (!within(namespace, 'kubernetes.io') && !within(namespace, 'k8s.io')) return true;
  return (
    KUBELET_LABELS.has(key) ||
    within(namespace, 'kubelet.kubernetes.io') ||
    within(namespace, 'node.kubernetes.io')
  );
}

export interface NodeLabels {
  /** Set by the kubelet when it registers (`--node-labels`), sorted by key. */
  kubelet: Record<string, string>;
  /** Set by the bootstrapping master (`kubectl label --overwrite`), sorted by key. */
  restricted: Record<string, string>;
}

export function nodeLabels(
  cluster: Readonly<Record<string, string>>,
  host: Readonly<Record<string, string>>,
): NodeLabels {
  const merged = { ...cluster, ...host };
  const out: NodeLabels = { kubelet: {}, restricted: {} };
  for (const key of Object.keys(merged).sort(compareStrings)) {
    out[kubeletMaySet(key) ? 'kubelet' : 'restricted'][key] = merged[key] ?? '';
  }
  return out;
}

/** `k=v,k2=v2`, as `--node-labels` and `kubectl label` take them. */
export function labelArguments(labels: Readonly<Record<string, string>>): string[] {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`);
}
