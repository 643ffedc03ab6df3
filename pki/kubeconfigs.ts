/**
 * The cluster's kubeconfigs, from the plan and the issued PKI: admin (for the operator),
 * controller-manager and scheduler (on the masters, through the local apiserver), kube-proxy, and
 * per kubelet either its own certificate (static credentials) or the shared bootstrap token.
 */
import { APISERVER_PORT } from '../plan/plan-cluster.js';
import type { ClusterPlan } from '../plan/model.js';
import { renderKubeconfig } from './kubeconfig.js';
import type { CertKeyPair, ClusterPki } from './model.js';
import { formatBootstrapToken, KUBELET_BOOTSTRAP_USER } from './tokens.js';

export interface ClusterKubeconfigs {
  admin: string;
  controllerManager: string;
  scheduler: string;
  kubeProxy: string;
  /** Per node name; static kubelet credentials only. */
  kubelets: Record<string, string>;
  /** kubelet --bootstrap-kubeconfig (the same for every node); TLS bootstrap only. */
  kubeletBootstrap?: string;
}

/** Components on a master reach the apiserver on the same host. */
export const LOCAL_APISERVER_URL = `https://127.0.0.1:${APISERVER_PORT}`;

export function clusterKubeconfigs(plan: ClusterPlan, pki: ClusterPki): ClusterKubeconfigs {
  const withCert = (server: string, user: string, pair: CertKeyPair): string =>
    renderKubeconfig({
      clusterName: plan.name,
      server,
      caCert: pki.kubernetesCA.cert,
      user,
      cert: pair.cert,
      key: pair.key,
    });
  const kubelets: Record<string, string> = {};
  for (const name of Object.keys(pki.kubelets).sort()) {
    kubelets[name] = withCert(plan.apiServerURL, `system:node:${name}`, pki.kubelets[name]!);
  }
  return {
    admin: withCert(plan.apiServerURL, 'admin', pki.admin),
    controllerManager: withCert(LOCAL_APISERVER_URL, 'system:kube-controller-manager', pki.controllerManager),
    scheduler: withCert(LOCAL_APISERVER_URL, 'system:kube-scheduler', pki.scheduler),
    kubeProxy: withCert(plan.apiServerURL, 'system:kube-proxy', pki.kubeProxy),
    kubelets,
    ...(pki.bootstrapToken
      ? {
          kubeletBootstrap: renderKubeconfig({
            clusterName: plan.name,
            server: plan.apiServerURL,
            caCert: pki.kubernetesCA.cert,
            user: KUBELET_BOOTSTRAP_USER,
            token: formatBootstrapToken(pki.bootstrapToken),
          }),
        }
      : {}),
  };
}
