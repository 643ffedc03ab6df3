/**
 * The one kubeconfig assembler: who a kubeconfig authenticates as (user name and credential from
 * the issued PKI) and which API server it talks to. Host keys (profiles/keys.ts), OUT/cluster/
 * (generators/cluster) and clusterKubeconfigs() all build their kubeconfigs here.
 *
 * admin, controller-manager and scheduler on a master reach the API server on the same host
 * (`local`); the operator's admin.conf, kube-proxy and kubelets use the cluster's endpoint.
 */
import { LOCAL_APISERVER_URL } from '../plan/plan-cluster.js';
import type { ClusterPlan } from '../plan/model.js';
import { renderKubeconfig } from './kubeconfig.js';
import type { CertKeyPair, ClusterPki } from './model.js';
import { formatBootstrapToken, KUBELET_BOOTSTRAP_USER } from './tokens.js';

export { LOCAL_APISERVER_URL };

/** ClusterPki fields holding a component's client certificate, and the user each names. */
const COMPONENT_USERS = {
  admin: 'admin',
  controllerManager: 'system:kube-controller-manager',
  scheduler: 'system:kube-scheduler',
  kubeProxy: 'system:kube-proxy',
} as const;

export type KubeconfigIdentity =
  | { of: keyof typeof COMPONENT_USERS }
  /** `store`: the host path of the kubelet's certificate store file, referenced instead of embedded. */
  | { of: 'kubelet'; node: string; store?: string }
  | { of: 'kubeletBootstrap' };

/** `local`: https://127.0.0.1:<APISERVER_PORT> on a master; `cluster`: plan.apiServerURL. */
export type KubeconfigServer = 'local' | 'cluster';

type Credential = { cert: string; key: string } | { token: string } | { pairFile: string };

function credentialOf(
  pki: ClusterPki,
  identity: KubeconfigIdentity,
): { user: string; credential: Credential } {
  switch (identity.of) {
    case 'kubelet': {
      const pair: CertKeyPair | undefined = pki.kubelets[identity.node];
      if (!pair) throw new Error(`PKI has no kubelet certificate for ${identity.node}`);
      const user = `system:node:${identity.node}`;
      return { user, credential: identity.store === undefined ? pair : { pairFile: identity.store } };
    }
    case 'kubeletBootstrap': {
      const token = pki.bootstrapToken;
      if (!token) throw new Error('PKI has no bootstrap token although kubeletCredentials is bootstrap');
      return { user: KUBELET_BOOTSTRAP_USER, credential: { token: formatBootstrapToken(token) } };
    }
    default:
      return { user: COMPONENT_USERS[identity.of], credential: pki[identity.of] };
  }
}

/** The kubeconfig text for `identity`, talking to the `server` API server. */
export function kubeconfigFor(
  plan: ClusterPlan,
  pki: ClusterPki,
  identity: KubeconfigIdentity,
  server: KubeconfigServer,
): string {
  const { user, credential } = credentialOf(pki, identity);
  return renderKubeconfig({
    clusterName: plan.name,
    server: server === 'local' ? LOCAL_APISERVER_URL : plan.apiServerURL,
    caCert: pki.kubernetesCA.cert,
    user,
    ...('token' in credential
      ? { token: credential.token }
      : 'pairFile' in credential
        ? { pairFile: credential.pairFile }
        : { cert: credential.cert, key: credential.key }),
  });
}

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

/** Every kubeconfig of the cluster, each as the host or operator that holds it receives it. */
export function clusterKubeconfigs(plan: ClusterPlan, pki: ClusterPki): ClusterKubeconfigs {
  const kubelets: Record<string, string> = {};
  for (const node of Object.keys(pki.kubelets).sort()) {
    kubelets[node] = kubeconfigFor(plan, pki, { of: 'kubelet', node }, 'cluster');
  }
  return {
    admin: kubeconfigFor(plan, pki, { of: 'admin' }, 'cluster'),
    controllerManager: kubeconfigFor(plan, pki, { of: 'controllerManager' }, 'local'),
    scheduler: kubeconfigFor(plan, pki, { of: 'scheduler' }, 'local'),
    kubeProxy: kubeconfigFor(plan, pki, { of: 'kubeProxy' }, 'cluster'),
    kubelets,
    ...(pki.bootstrapToken
      ? { kubeletBootstrap: kubeconfigFor(plan, pki, { of: 'kubeletBootstrap' }, 'cluster') }
      : {}),
  };
}
