/**
 * The one-shot cluster bootstrap, on every master so that any one of them is enough: waits for
 * /readyz, server-side applies the apiserver-to-kubelet RBAC, the CSR bindings (TLS bootstrap, or
 * static credentials' client rotation) and
 * CoreDNS (the same objects from every master, one field manager), creates the bootstrap-token
 * Secret if no master has yet (with its expiration), then leaves a done-marker.
 */
import { apiserverKubeletRbacYaml } from '../addons/apiserver-kubelet-rbac.js';
import {
  BOOTSTRAP_TOKEN_TTL_HOURS,
  bootstrapRbacYaml,
  bootstrapTokenSecretYaml,
  certificateRotationRbacYaml,
} from '../addons/bootstrap-token.js';
import { staticClientInStore } from '../kubelet-client.js';
import { corednsYaml } from '../addons/coredns.js';
import { scriptFile, secretFile, textFile, unit } from '../files.js';
import { STEP_ORDER, type Contribution, type ProfileContext } from '../model.js';
import { K8S_ADDONS, K8S_DIR, PATHS } from '../paths.js';

const scriptPath = (ctx: ProfileContext): string => `${ctx.family.scriptDir}/k8s-bootstrap.sh`;
/** Outside the addons directory: created once (create-if-absent), never applied again. */
export const BOOTSTRAP_TOKEN_SECRET = `${K8S_DIR}/bootstrap-token-secret.yaml`;

export function k8sBootstrapComponent(ctx: ProfileContext): Contribution {
  const files = [
    textFile(`${K8S_ADDONS}/00-apiserver-kubelet-rbac.yaml`, apiserverKubeletRbacYaml()),
    textFile(`${K8S_ADDONS}/30-coredns.yaml`, corednsYaml(ctx)),
  ];
  const token =
    ctx.cluster.kubernetes.kubeletCredentials === 'bootstrap' ? ctx.pki.bootstrapToken : undefined;
  if (ctx.cluster.kubernetes.kubeletCredentials === 'bootstrap') {
    if (!token) throw new Error('PKI has no bootstrap token although kubeletCredentials is bootstrap');
    files.push(
      secretFile(BOOTSTRAP_TOKEN_SECRET, bootstrapTokenSecretYaml(token)),
      textFile(`${K8S_ADDONS}/11-bootstrap-rbac.yaml`, bootstrapRbacYaml()),
    );
  } else if (staticClientInStore(ctx)) {
    files.push(textFile(`${K8S_ADDONS}/11-certificate-rotation-rbac.yaml`, certificateRotationRbacYaml()));
  }
  files.push(
    scriptFile(
      scriptPath(ctx),
      ctx.render('kubernetes/k8s-bootstrap.sh.hbs', {
        hostname: ctx.host.name,
        addonsDir: K8S_ADDONS,
        marker: PATHS.bootstrapMarker,
        kubectl: `${ctx.family.binDir}/kubectl`,
        kubeconfig: PATHS.adminConf,
        tokenSecret: token ? BOOTSTRAP_TOKEN_SECRET : '',
        tokenName: token ? `bootstrap-token-${token.id}` : '',
        tokenTtlHours: BOOTSTRAP_TOKEN_TTL_HOURS,
      }),
    ),
  );
  const after = ['network-online.target', 'kube-apiserver.service', ...ctx.artifactUnits];
  return {
    source: 'k8s-bootstrap',
    files,
    directories: [{ path: K8S_ADDONS, mode: 0o700 }],
    units: [
      unit(
        'k8s-bootstrap.service',
        ctx.render('host/oneshot.service.hbs', {
          description: 'Bootstrap the cluster once (RBAC, bootstrap tokens, CoreDNS)',
          wants: ['network-online.target', 'kube-apiserver.service', ...ctx.artifactUnits].join(' '),
          after: after.join(' '),
          requires: '',
          before: '',
          condition: `!${PATHS.bootstrapMarker}`,
          script: scriptPath(ctx),
        }),
      ),
    ],
    steps: [
      {
        unit: 'k8s-bootstrap.service',
        description: 'Bootstrap the cluster (once)',
        order: STEP_ORDER.k8sBootstrap,
      },
    ],
  };
}
