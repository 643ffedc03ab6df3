/**
 * The kubelet serving certificate approver (kubeletServingCerts: csr), on every master: a POSIX sh
 * script run by a systemd timer, kubectl as the apiserver's kubelet-client identity (every master
 * holds it, whatever pki.adminOnMasters says) and openssl to read each CSR. It approves a pending
 * kubernetes.io/kubelet-serving CSR only from system:node:<host> of an inventory host whose SANs
 * are all that host's name or inventory IP (the table is rendered from the plan).
 */
import { scriptFile, unit } from '../files.js';
import type { Contribution, ProfileContext } from '../model.js';
import { LOCAL_APISERVER_URL } from '../../plan/plan-cluster.js';
import type { ClusterPlan } from '../../plan/model.js';
import { PATHS, STATE_DIR } from '../paths.js';

export const approverScript = (ctx: ProfileContext): string =>
  `${ctx.family.scriptDir}/kubelet-serving-approver`;
export const APPROVER_SERVICE = 'bootforge-kubelet-serving-approver.service';
export const APPROVER_TIMER = 'bootforge-kubelet-serving-approver.timer';
/** CSRs already logged as left pending (each is logged once). */
export const APPROVER_REFUSED_LOG = `${STATE_DIR}/kubelet-serving-refused`;
/** Seconds between two runs: how long a new kubelet waits for its serving certificate at most. */
export const APPROVER_INTERVAL_SECONDS = 30;

/** Every kubelet host and the SANs its serving certificate may carry, in inventory order. */
export function servingSans(plan: ClusterPlan): { name: string; sans: string[] }[] {
  return plan.hosts
    .filter((h) => h.runsKubelet)
    .map((h) => ({ name: h.name, sans: [`DNS:${h.name}`, `IP:${h.ip}`] }));
}

export function kubeletServingApproverComponent(ctx: ProfileContext): Contribution {
  const after = ['network-online.target', 'kube-apiserver.service', ...ctx.artifactUnits].join(' ');
  const script = approverScript(ctx);
  return {
    source: 'kubelet-serving-approver',
    files: [
      scriptFile(
        script,
        ctx.render('kubernetes/kubelet-serving-approver.sh.hbs', {
          hostname: ctx.host.name,
          interval: APPROVER_INTERVAL_SECONDS,
          timer: APPROVER_TIMER,
          refusedLog: APPROVER_REFUSED_LOG,
          kubectl: `${ctx.family.binDir}/kubectl`,
          server: LOCAL_APISERVER_URL,
          ca: PATHS.k8sCaCert,
          cert: PATHS.apiserverKubeletClientCert,
          key: PATHS.apiserverKubeletClientKey,
          hosts: servingSans(ctx.plan),
        }),
      ),
    ],
    units: [
      // Started by its timer only; `ready` waits for enabled services, not for this one.
      unit(
        APPROVER_SERVICE,
        ctx.render('host/kubelet-serving-approver.service.hbs', { after, script }),
        false,
      ),
      unit(
        APPROVER_TIMER,
        ctx.render('host/kubelet-serving-approver.timer.hbs', { interval: APPROVER_INTERVAL_SECONDS }),
      ),
    ],
  };
}
