/** The node's agents: kubelet (KubeletConfiguration file) and kube-proxy (KubeProxyConfiguration). */
import { kubeProxyConfigYaml } from '../configs/kube-proxy-config.js';
import { kubeletConfigYaml } from '../configs/kubelet-config.js';
import { textFile, unitDeps } from '../files.js';
import { kubeProxyFlags } from '../flags/kube-proxy.js';
import { kubeletFlags } from '../flags/kubelet.js';
import type { Contribution, ProfileContext } from '../model.js';
import { KUBELET_DIR, KUBE_PROXY_DIR, PATHS } from '../paths.js';
import { kubeUnit } from './kube-unit.js';
import { NODE_PORT_RANGE } from '../../plan/plan-cluster.js';

export function kubeletComponent(ctx: ProfileContext): Contribution {
  const runtime = [...ctx.plan.runtime.units];
  const deps = unitDeps(ctx, { after: ['flanneld.service', ...runtime], wants: runtime });
  return {
    source: 'kubelet',
    directories: [
      { path: KUBELET_DIR, mode: 0o700 },
      { path: `${KUBELET_DIR}/pki`, mode: 0o700 },
    ],
    files: [textFile(PATHS.kubeletConfig, kubeletConfigYaml(ctx))],
    units: [kubeUnit(ctx, 'kubelet', deps, kubeletFlags(ctx))],
    firewallPorts: ['10250/tcp'],
  };
}

export function kubeProxyComponent(ctx: ProfileContext): Contribution {
  const deps = unitDeps(ctx, { after: ['flanneld.service'] });
  const { from, to } = NODE_PORT_RANGE;
  return {
    source: 'kube-proxy',
    directories: [{ path: KUBE_PROXY_DIR, mode: 0o700 }],
    files: [textFile(PATHS.kubeProxyConfig, kubeProxyConfigYaml(ctx))],
    units: [kubeUnit(ctx, 'kube-proxy', deps, kubeProxyFlags(ctx))],
    // NodePort Services may be TCP or UDP (DNS, syslog, game servers): open the range for both.
    firewallPorts: ['10256/tcp', `${from}-${to}/tcp`, `${from}-${to}/udp`],
  };
}
