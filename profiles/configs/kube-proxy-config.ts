/** KubeProxyConfiguration (kubeproxy.config.k8s.io/v1alpha1, every supported minor). */
import type { ProfileContext } from '../model.js';
import { PATHS } from '../paths.js';
import { toYaml } from '../yaml.js';

export function kubeProxyConfigYaml(ctx: ProfileContext): string {
  return toYaml({
    apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
    kind: 'KubeProxyConfiguration',
    bindAddress: '0.0.0.0',
    clientConnection: { kubeconfig: PATHS.kubeProxyKubeconfig },
    // Must equal flannel's Network (k8s-reference.md §4).
    clusterCIDR: ctx.cluster.kubernetes.podCIDR,
    hostnameOverride: ctx.host.name,
    mode: 'iptables',
  });
}
