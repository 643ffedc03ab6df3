/**
 * For `bootforge explain`: a key's effective value (after defaults, or as the plan resolves it
 * when the inventory leaves it unset) and where it came from: the inventory's file:line:column
 * (from the YAML source map), a cluster key a host inherits, a defaulting rule, the schema's
 * default, or the plan. Pure.
 */
import { HOST_DEFAULT_FROM, KUBELET_CREDENTIALS_DEFAULT } from '../../inventory/defaults.js';
import { INSTALL_METHOD_DEFAULT } from '../../os/family.js';
import { formatPath, type PathSegments, type SourcePosition } from '../../inventory/diagnostic.js';
import type { SourceMap } from '../../inventory/source-map.js';
import type { ClusterPlan } from '../../plan/model.js';

export type Origin =
  | { kind: 'inventory'; position: SourcePosition; written: unknown }
  | { kind: 'default'; by: string; from?: { key: string; origin: Origin } }
  | { kind: 'plan'; by: string }
  | { kind: 'unset' };

export interface ValueOrigin {
  value: unknown;
  origin: Origin;
}

export function valueAt(root: unknown, segments: PathSegments): unknown {
  let node: unknown = root;
  for (const segment of segments) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

function isWritten(root: unknown, segments: PathSegments): boolean {
  let node: unknown = root;
  for (const segment of segments) {
    if (typeof node !== 'object' || node === null) return false;
    if (!Object.prototype.hasOwnProperty.call(node, segment)) return false;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return true;
}

/** Values the inventory may leave out and the plan decides (plan/), by key. */
function planResolved(plan: ClusterPlan, key: string): { value: unknown; by: string } | undefined {
  const [group, name, leaf] = key.replace(/^cluster\./, '').split('.');
  if (group === 'versions' && name !== undefined) {
    const value = (plan.versions as unknown as Record<string, unknown>)[name];
    return { value, by: `resolved for Kubernetes ${plan.versions.kubernetes} (plan/versions.ts)` };
  }
  if (key === 'cluster.kubernetes.nodeSubnetLength')
    return { value: plan.flannel.subnetLength, by: '24, or the pod prefix + 2 below /22 (plan)' };
  if (key === 'cluster.kubernetes.apiServerEndpoint')
    return { value: plan.apiServerURL, by: 'the first master (plan: apiServerURL)' };
  if (group !== 'install') return undefined;
  const boot = plan.boot;
  const by = 'resolved by the boot plan (plan/boot.ts)';
  if (name === 'repo') return { value: boot.repo, by };
  if (name === 'kernel' || name === 'initrd') return { value: boot.el[name], by };
  if (name === 'coreos' && leaf !== undefined && boot.coreos)
    return { value: valueAt(boot.coreos, [leaf]), by };
  if (name === 'live' && leaf !== undefined && boot.live)
    return { value: (boot.live as Record<string, string>)[leaf], by };
  return undefined;
}

export function valueOrigin(
  segments: PathSegments,
  document: unknown,
  sourceMap: SourceMap,
  plan: ClusterPlan,
): ValueOrigin {
  const value = valueAt(plan.inventory, segments);
  const key = formatPath(segments);
  if (isWritten(document, segments)) {
    return {
      value,
      origin: {
        kind: 'inventory',
        position: sourceMap.keyPositionOf(segments),
        written: valueAt(document, segments),
      },
    };
  }
  const hostKey = segments[0] === 'hosts' && segments.length === 3 ? segments[2] : undefined;
  if (hostKey === 'interface' || hostKey === 'disk' || hostKey === 'delivery') {
    const from = HOST_DEFAULT_FROM[hostKey];
    return {
      value,
      origin: {
        kind: 'default',
        by: `inherited from ${formatPath(from)}`,
        from: { key: formatPath(from), origin: valueOrigin(from, document, sourceMap, plan).origin },
      },
    };
  }
  if (key === 'cluster.kubernetes.kubeletCredentials')
    return { value, origin: { kind: 'default', by: KUBELET_CREDENTIALS_DEFAULT } };
  if (key === 'cluster.install.method')
    return { value, origin: { kind: 'default', by: INSTALL_METHOD_DEFAULT } };
  if (value !== undefined) return { value, origin: { kind: 'default', by: "the schema's default" } };
  const resolved = planResolved(plan, key);
  if (resolved && resolved.value !== undefined)
    return { value: resolved.value, origin: { kind: 'plan', by: resolved.by } };
  return { value: undefined, origin: { kind: 'unset' } };
}
