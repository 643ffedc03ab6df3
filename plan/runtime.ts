/**
 * The container runtime of the cluster's nodes and how kubelet reaches it, decided once:
 * - containerd: kubelet talks CRI to containerd's socket.
 * - docker on Kubernetes <= 1.23: kubelet's built-in dockershim, no CRI socket.
 * - docker on Kubernetes >= 1.24 (dockershim removed): cri-dockerd provides the CRI socket.
 * Roles, kubelet's flags and config, its unit dependencies and the artifact list all read this.
 */
import type { Runtime } from '../inventory/model.js';
import type { RuntimePlan } from './model.js';
import { needsCriDockerd } from './versions.js';

export const CONTAINERD_SOCKET = 'unix:///run/containerd/containerd.sock';
/** cri-dockerd's socket unit listens on %t/cri-dockerd.sock (%t is /run for system units). */
export const CRI_DOCKERD_SOCKET = 'unix:///run/cri-dockerd.sock';

export function planRuntime(name: Runtime, kubeMinor: number): RuntimePlan {
  if (name === 'containerd') {
    return { name, criDockerd: false, criSocket: CONTAINERD_SOCKET, units: ['containerd.service'] };
  }
  const criDockerd = needsCriDockerd(kubeMinor);
  return {
    name,
    criDockerd,
    criSocket: criDockerd ? CRI_DOCKERD_SOCKET : undefined,
    units: criDockerd ? ['docker.service', 'cri-docker.service'] : ['docker.service'],
  };
}
