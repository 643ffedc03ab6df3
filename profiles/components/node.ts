/** The node's agents: kubelet (KubeletConfiguration file) and kube-proxy (KubeProxyConfiguration). */
import { kubeProxyConfigYaml } from '../configs/kube-proxy-config.js';
import { kubeletConfigYaml } from '../configs/kubelet-config.js';
import { textFile, unit, unitDeps } from '../files.js';
import { formatFlag } from '../flags/flag.js';
import { kubeProxyFlags } from '../flags/kube-proxy.js';
import { kubeletFlags } from '../flags/kubelet.js';
import type { Contribution, ProfileContext } from '../model.js';
import { BIN_DIR, KUBELET_DIR, KUBE_PROXY_DIR, PATHS } from '../paths.js';

/** The runtime units kubelet needs running first. */
function runtimeUnits(ctx: ProfileContext): string[] {
  if (ctx.cluster.runtime === 'containerd') return ['containerd.service'];
  return ctx.minor >= 24 ? ['docker.service', 'cri-docker.service'] : ['docker.service'];
}

export function kubeletComponent(ctx: ProfileContext): Contribution {
  const runtime = runtimeUnits(ctx);
  const deps = unitDeps(ctx, { after: ['flanneld.service', ...runtime], requires: runtime });
  return {
    source: 'kubelet',
    directories: [
      { path: KUBELET_DIR, mode: 0o700 },
      { path: `${KUBELET_DIR}/pki`, mode: 0o700 },
    ],
    files: [textFile(PATHS.kubeletConfig, kubeletConfigYaml(ctx))],
    units: [
      unit(
        'kubelet.service',
        ctx.render('kubernetes/kubelet.service.hbs', {
          ...deps,
          binary: `${BIN_DIR}/kubelet`,
          flags: kubeletFlags(ctx).map(formatFlag),
        }),
      ),
    ],
    firewallPorts: ['10250/tcp'],
  };
}

export function kubeProxyComponent(ctx: ProfileContext): Contribution {
  const deps = unitDeps(ctx, { after: ['flanneld.service'] });
  return {
    source: 'kube-proxy',
    directories: [{ path: KUBE_PROXY_DIR, mode: 0o700 }],
    files: [textFile(PATHS.kubeProxyConfig, kubeProxyConfigYaml(ctx))],
    units: [
      unit(
        'kube-proxy.service',
        ctx.render('kubernetes/kube-proxy.service.hbs', {
          ...deps,
          binary: `${BIN_DIR}/kube-proxy`,
          flags: kubeProxyFlags(ctx).map(formatFlag),
        }),
      ),
    ],
    firewallPorts: ['10256/tcp', '30000-32767/tcp'],
  };
}
