/** kube-controller-manager flags for the rendered Kubernetes minor. */
import type { ProfileContext } from '../model.js';
import { PATHS } from '../paths.js';
import { checkFlags, flags, type Flag } from './flag.js';

export function kubeControllerManagerFlags(ctx: ProfileContext): readonly Flag[] {
  const k = ctx.cluster.kubernetes;
  const bootstrap = k.kubeletCredentials === 'bootstrap';
  return checkFlags(
    'kube-controller-manager',
    ctx.minor,
    flags(
      ['kubeconfig', PATHS.controllerManagerConf],
      ['authentication-kubeconfig', PATHS.controllerManagerConf],
      ['authorization-kubeconfig', PATHS.controllerManagerConf],
      ['bind-address', '127.0.0.1'],
      // 1.20-1.23: the insecure port still exists (only 0 allowed from 1.20); turn it off explicitly.
      ctx.minor < 24 && ['port', '0'],
      ['client-ca-file', PATHS.k8sCaCert],
      ['requestheader-client-ca-file', PATHS.frontProxyCaCert],
      ['root-ca-file', PATHS.k8sCaCert],
      ['cluster-signing-cert-file', PATHS.k8sCaCert],
      ['cluster-signing-key-file', PATHS.k8sCaKey],
      ['service-account-private-key-file', PATHS.saKey],
      ['use-service-account-credentials', 'true'],
      ['service-cluster-ip-range', k.serviceCIDR],
      ['cluster-cidr', k.podCIDR],
      ['cluster-name', ctx.plan.name],
      // flannel runs with the etcd backend and leases node subnets itself.
      ['allocate-node-cidrs', 'false'],
      ['leader-elect', 'true'],
      // tokencleaner deletes expired bootstrap tokens (no bootstrapsigner: no cluster-info signing).
      bootstrap && ['controllers', '*,tokencleaner'],
      ['v', '2'],
    ),
  );
}
