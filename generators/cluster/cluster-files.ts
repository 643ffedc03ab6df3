/**
 * OUT/cluster/: what the operator keeps. The admin kubeconfig (secret, 0600) and the three CA
 * certificates (public). CA keys never go to OUT: they stay in the PKI state directory. A site
 * file of every run, whatever --only selects.
 */
import type { ClusterPlan } from '../../plan/model.js';
import type { ClusterPki } from '../../pki/model.js';
import { kubeconfigFor } from '../../pki/kubeconfigs.js';
import type { Generator, OutputFile } from '../generator.js';

export const CLUSTER_FORMAT = 'cluster';

export function renderClusterFiles(plan: ClusterPlan, pki: ClusterPki): OutputFile[] {
  const admin = kubeconfigFor(plan, pki, { of: 'admin' }, 'cluster');
  const file = (path: string, content: string, mode: number): OutputFile => ({
    path: `cluster/${path}`,
    content,
    mode,
  });
  return [
    file('admin.conf', admin, 0o600),
    file('ca.crt', pki.kubernetesCA.cert, 0o644),
    file('etcd-ca.crt', pki.etcdCA.cert, 0o644),
    file('front-proxy-ca.crt', pki.frontProxyCA.cert, 0o644),
  ];
}

export const clusterGenerator: Generator = {
  name: CLUSTER_FORMAT,
  needs: [],
  always: true,
  site: ({ plan, pki }) => ({ files: renderClusterFiles(plan, pki) }),
};
