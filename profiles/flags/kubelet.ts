/**
 * kubelet flags for the rendered minor. Everything that has a KubeletConfiguration field goes in
 * the config file; the command line keeps only what has no field in that version.
 *
 * Runtime wiring:
 * - <= 1.23 with docker: dockershim, no --network-plugin, so pods sit on docker0, which flannel
 *   re-addresses through docker's --bip (the classic CoreOS / cluster-centos design).
 * - <= 1.26 with a CRI socket: --container-runtime=remote (removed in 1.27) plus
 *   --container-runtime-endpoint.
 * - >= 1.27: containerRuntimeEndpoint in the config file; no runtime flags at all.
 */
import type { ProfileContext } from '../model.js';
import { PATHS } from '../paths.js';
import { labelArguments } from '../../plan/node-labels.js';
import { checkFlags, flags, type Flag } from './flag.js';

export function pauseImage(ctx: ProfileContext): string {
  return `registry.k8s.io/pause:${ctx.plan.versions.pause}`;
}

export function kubeletFlags(ctx: ProfileContext): readonly Flag[] {
  const endpoint = ctx.plan.runtime.criSocket;
  const bootstrap = ctx.cluster.kubernetes.kubeletCredentials === 'bootstrap';
  const remoteFlags = endpoint !== undefined && ctx.minor < 27;
  const nodeLabels = labelArguments(ctx.host.labels.kubelet);
  return checkFlags(
    'kubelet',
    ctx.minor,
    flags(
      ['config', PATHS.kubeletConfig],
      ['kubeconfig', PATHS.kubeletKubeconfig],
      bootstrap && ['bootstrap-kubeconfig', PATHS.kubeletBootstrapKubeconfig],
      ['hostname-override', ctx.host.name],
      ['node-ip', ctx.host.ip],
      // No KubeletConfiguration field: a flag in every version. Only labels a kubelet may set
      // itself; the others are applied by the bootstrapping master (plan/node-labels.ts).
      nodeLabels.length > 0 && ['node-labels', nodeLabels.join(',')],
      remoteFlags && ['container-runtime', 'remote'],
      remoteFlags && ['container-runtime-endpoint', endpoint],
      endpoint === undefined && ['pod-infra-container-image', pauseImage(ctx)],
      ['v', '2'],
    ),
  );
}
