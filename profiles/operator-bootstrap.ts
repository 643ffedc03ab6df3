/**
 * The cluster bootstrap as the operator's step, for `pki.adminOnMasters: false`: no master holds
 * a cluster-admin credential then, so none runs k8s-bootstrap.service or the node-label unit.
 * What they would apply is rendered here instead, for OUT/cluster/bootstrap/ (operator-only,
 * never served): the same addons (apiserver-to-kubelet RBAC, TLS-bootstrap RBAC, CoreDNS), the
 * bootstrap-token Secret (0600), and apply.sh, which the operator runs once with
 * OUT/cluster/admin.conf: server-side apply of addons/, the token created if absent (with its
 * expiration from the operator's clock), the restricted Node labels on every Node registered.
 */
import type { ClusterPlan } from '../plan/model.js';
import type { ClusterPki } from '../pki/model.js';
import { apiserverKubeletRbacYaml } from './addons/apiserver-kubelet-rbac.js';
import {
  BOOTSTRAP_TOKEN_TTL_HOURS,
  bootstrapRbacYaml,
  bootstrapTokenSecretYaml,
} from './addons/bootstrap-token.js';
import { corednsYaml } from './addons/coredns.js';
import { restrictedNodeLabels } from './components/node-labels.js';
import { builtinTemplates, overlayTemplates, renderTemplate } from './templates.js';
import type { UserProfiles } from './user-profiles.js';

/** Under OUT/cluster/. */
export const OPERATOR_BOOTSTRAP_DIR = 'bootstrap';

export interface OperatorBootstrapFile {
  /** Relative to OUT/cluster/bootstrap/. */
  path: string;
  content: string;
  mode: number;
}

export function operatorBootstrapFiles(
  plan: ClusterPlan,
  pki: ClusterPki,
  userProfiles?: UserProfiles,
): OperatorBootstrapFile[] {
  const cluster = plan.inventory.cluster;
  const templates = overlayTemplates(builtinTemplates(), userProfiles?.templates ?? new Map());
  const render = (name: string, vars: object): string =>
    renderTemplate(templates, name, vars, 'the operator');
  const files: OperatorBootstrapFile[] = [
    { path: 'addons/00-apiserver-kubelet-rbac.yaml', content: apiserverKubeletRbacYaml(), mode: 0o644 },
  ];
  const token = cluster.kubernetes.kubeletCredentials === 'bootstrap' ? pki.bootstrapToken : undefined;
  if (cluster.kubernetes.kubeletCredentials === 'bootstrap') {
    if (!token) throw new Error('PKI has no bootstrap token although kubeletCredentials is bootstrap');
    files.push({ path: 'addons/11-bootstrap-rbac.yaml', content: bootstrapRbacYaml(), mode: 0o644 });
  }
  files.push({
    path: 'addons/30-coredns.yaml',
    content: corednsYaml({ plan, cluster, render }),
    mode: 0o644,
  });
  if (token)
    files.push({
      path: 'bootstrap-token-secret.yaml',
      content: bootstrapTokenSecretYaml(token),
      mode: 0o600,
    });
  files.push({
    path: 'apply.sh',
    content: render('kubernetes/operator-bootstrap.sh.hbs', {
      cluster: plan.name,
      tokenName: token ? `bootstrap-token-${token.id}` : '',
      tokenTtlHours: BOOTSTRAP_TOKEN_TTL_HOURS,
      nodes: restrictedNodeLabels(plan),
    }),
    mode: 0o755,
  });
  return files;
}
