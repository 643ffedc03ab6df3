/**
 * TLS bootstrap (kubelet-tls-bootstrapping.md): the bootstrap-token Secret and the bindings that
 * let `system:bootstrappers` ask for a client certificate and get it approved, and let nodes renew.
 */
import type { BootstrapToken } from '../../pki/model.js';
import { BOOTSTRAPPERS_GROUP } from '../../pki/tokens.js';
import { toYaml, toYamlStream } from '../yaml.js';

/** How long the kubelet bootstrap token is valid, from the moment the first master creates it. */
export const BOOTSTRAP_TOKEN_TTL_HOURS = 24;

/**
 * The bootstrap-token Secret without its expiration: k8s-bootstrap.sh appends
 * `  expiration: <RFC 3339>` (now + BOOTSTRAP_TOKEN_TTL_HOURS) to `stringData`, which is therefore
 * the last key, when it creates the Secret. Rendering stays deterministic; the clock is the host's.
 * No usage-bootstrap-signing: nothing uses cluster-info discovery (kubelets carry the CA).
 */
export function bootstrapTokenSecretYaml(token: BootstrapToken): string {
  return toYaml({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: `bootstrap-token-${token.id}`, namespace: 'kube-system' },
    type: 'bootstrap.kubernetes.io/token',
    stringData: {
      description: 'bootforge kubelet TLS bootstrap token',
      'token-id': token.id,
      'token-secret': token.secret,
      'usage-bootstrap-authentication': 'true',
    },
  });
}

function groupBinding(name: string, clusterRole: string, group: string): object {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: clusterRole },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group }],
  };
}

export function bootstrapRbacYaml(): string {
  return toYamlStream([
    groupBinding('bootforge:kubelet-bootstrap', 'system:node-bootstrapper', BOOTSTRAPPERS_GROUP),
    groupBinding(
      'bootforge:node-autoapprove-bootstrap',
      'system:certificates.k8s.io:certificatesigningrequests:nodeclient',
      BOOTSTRAPPERS_GROUP,
    ),
    nodeCertificateRotationBinding(),
  ]);
}

/** Lets nodes renew their own client certificate: the CSR approver approves what they ask. */
function nodeCertificateRotationBinding(): object {
  return groupBinding(
    'bootforge:node-autoapprove-certificate-rotation',
    'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient',
    'system:nodes',
  );
}

/** Static credentials with rotation: only the renewal binding (no bootstrappers exist). */
export function certificateRotationRbacYaml(): string {
  return toYamlStream([nodeCertificateRotationBinding()]);
}
