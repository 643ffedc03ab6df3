/**
 * OUT/cluster/: what the operator keeps. The admin kubeconfig (secret, 0600) and the three CA
 * certificates (public); with pki.adminOnMasters: false also bootstrap/, the cluster bootstrap no
 * master runs then (profiles/operator-bootstrap.ts: addons, the bootstrap-token Secret 0600,
 * apply.sh). CA keys never go to OUT: they stay in the PKI state directory. Site files of every
 * run, whatever --only selects.
 */
import type { ClusterPlan } from '../../plan/model.js';
import type { ClusterPki } from '../../pki/model.js';
import { kubeconfigFor } from '../../pki/kubeconfigs.js';
import { OPERATOR_BOOTSTRAP_DIR, operatorBootstrapFiles } from '../../profiles/operator-bootstrap.js';
import type { UserProfiles } from '../../profiles/user-profiles.js';
import type { Generator, OutputFile } from '../generator.js';

export const CLUSTER_FORMAT = 'cluster';

export function renderClusterFiles(
  plan: ClusterPlan,
  pki: ClusterPki,
  userProfiles?: UserProfiles,
): OutputFile[] {
  const admin = kubeconfigFor(plan, pki, { of: 'admin' }, 'cluster');
  const file = (path: string, content: string, mode: number): OutputFile => ({
    path: `cluster/${path}`,
    content,
    mode,
  });
  const bootstrap = plan.inventory.cluster.pki.adminOnMasters
    ? []
    : operatorBootstrapFiles(plan, pki, userProfiles).map((f) =>
        file(`${OPERATOR_BOOTSTRAP_DIR}/${f.path}`, f.content, f.mode),
      );
  return [
    file('admin.conf', admin, 0o600),
    ...bootstrap,
    file('ca.crt', pki.kubernetesCA.cert, 0o644),
    file('etcd-ca.crt', pki.etcdCA.cert, 0o644),
    file('front-proxy-ca.crt', pki.frontProxyCA.cert, 0o644),
  ];
}

export const clusterGenerator: Generator = {
  name: CLUSTER_FORMAT,
  needs: [],
  always: true,
  site: ({ plan, pki, userProfiles }) => ({ files: renderClusterFiles(plan, pki, userProfiles) }),
};
