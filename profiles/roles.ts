/**
 * Role data: which components each role brings. A host gets the union over its roles, so a host
 * with [etcd, master, node] runs each component once.
 */
import type { Role } from '../inventory/model.js';
import type { ClusterPlan, HostPlan } from '../plan/model.js';
import type { ArtifactId } from './artifacts.js';
import { atLeast } from '../plan/versions.js';
import { osFamily } from '../os/registry.js';

export const COMPONENTS = [
  'host',
  'etcd',
  'flannel-network-config',
  'flanneld',
  'docker',
  'cri-dockerd',
  'containerd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kubectl',
  'kubelet',
  'kube-proxy',
  'k8s-bootstrap',
  'node-labels',
  'kubelet-serving-approver',
  'lifecycle',
] as const;
export type ComponentId = (typeof COMPONENTS)[number];

/** What each role brings, before the runtime is resolved. */
export const ROLE_COMPONENTS: Record<Role, readonly ComponentId[]> = {
  etcd: ['etcd'],
  // flanneld on masters lets the API server reach pod IPs (webhooks, aggregated APIs).
  master: ['flanneld', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl'],
  node: ['flanneld', 'kubelet', 'kube-proxy'],
};

/**
 * The host that writes flannel's network config into etcd: the first etcd member. It has etcd
 * (and etcdctl) locally, needs no master to exist, and can check quorum health itself.
 */
export function isFlannelConfigWriter(plan: ClusterPlan, host: HostPlan): boolean {
  return plan.etcdMembers[0]?.name === host.name;
}

/** Components of one host, in the fixed order of COMPONENTS. */
export function hostComponents(plan: ClusterPlan, host: HostPlan): ComponentId[] {
  const set = new Set<ComponentId>(['host', 'lifecycle']);
  for (const role of host.roles) for (const c of ROLE_COMPONENTS[role]) set.add(c);
  if (host.roles.includes('node')) {
    if (plan.runtime.name === 'docker') {
      set.add('docker');
      if (plan.runtime.criDockerd) set.add('cri-dockerd');
    } else {
      set.add('containerd');
    }
  }
  if (isFlannelConfigWriter(plan, host)) set.add('flannel-network-config');
  // Serving certificates through CSRs: every master approves the inventory hosts' own.
  if (host.roles.includes('master') && plan.inventory.cluster.kubernetes.kubeletServingCerts === 'csr')
    set.add('kubelet-serving-approver');
  if (host.bootstrapper) {
    set.add('k8s-bootstrap');
    set.add('kubectl');
    // Labels no kubelet may set on its own Node (node-role.kubernetes.io/*): applied from here.
    if (plan.hosts.some((h) => h.runsKubelet && Object.keys(h.labels.restricted).length > 0))
      set.add('node-labels');
  }
  return COMPONENTS.filter((c) => set.has(c));
}

/** The OS image ships containerd (os/family.ts RuntimeSource `os`): nothing to install. */
export function containerdShipped(plan: ClusterPlan): boolean {
  return osFamily(plan.inventory.cluster.os).runtimes.containerd === 'os';
}

/**
 * containerd 1.x comes from the docker-ce repository (containerd.io); 2.x from its release
 * tarball; neither where the OS ships it.
 */
export function containerdFromPackage(plan: ClusterPlan): boolean {
  return !containerdShipped(plan) && !atLeast(plan.versions.containerd, '2.0.0');
}

/** Downloaded artifacts a component needs. */
export function componentArtifacts(plan: ClusterPlan, component: ComponentId): ArtifactId[] {
  switch (component) {
    case 'etcd':
      return ['etcd'];
    case 'flanneld':
      return ['flannel'];
    case 'cri-dockerd':
      return ['cri-dockerd'];
    case 'containerd':
      return [
        ...(containerdFromPackage(plan) || containerdShipped(plan) ? [] : (['containerd', 'runc'] as const)),
        'cni-plugins',
        'flannel-cni',
      ];
    case 'kube-apiserver':
    case 'kube-controller-manager':
    case 'kube-scheduler':
    case 'kubectl':
    case 'kubelet':
    case 'kube-proxy':
      return [component];
    case 'host':
    case 'flannel-network-config':
    case 'docker':
    case 'k8s-bootstrap':
    case 'node-labels':
    case 'kubelet-serving-approver': // kubectl comes with the master role
    case 'lifecycle':
      return [];
  }
}

export function hostArtifacts(plan: ClusterPlan, components: readonly ComponentId[]): ArtifactId[] {
  const out = new Set<ArtifactId>();
  for (const c of components) for (const a of componentArtifacts(plan, c)) out.add(a);
  return [...out];
}
