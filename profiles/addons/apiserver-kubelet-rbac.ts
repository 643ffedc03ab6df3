/**
 * Lets the apiserver's kubelet-client identity call kubelet APIs (logs, exec, metrics) under
 * kubelet webhook authorization: bind its CN to the built-in system:kubelet-api-admin role.
 */
import { toYamlStream } from '../yaml.js';

/** CN of the apiserver-kubelet-client certificate (k8s-reference.md §3). */
export const APISERVER_KUBELET_CLIENT_CN = 'kube-apiserver-kubelet-client';

export function apiserverKubeletRbacYaml(): string {
  return toYamlStream([
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'bootforge:apiserver-kubelet-api-admin' },
      roleRef: {
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'system:kubelet-api-admin',
      },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: APISERVER_KUBELET_CLIENT_CN }],
    },
  ]);
}
