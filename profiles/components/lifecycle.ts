/**
 * Install-lifecycle reporting on every host (contract.md "Install lifecycle"): the host's own
 * report token (0600, secret), the URL it reports to, the report script (POSIX sh + curl) and two
 * units: `bootforge-report-booted.service` reports `booted` on every boot, and
 * `bootforge-ready.service` waits for this host's role (its services active, etcd healthy, a
 * flannel lease, the node registered, the apiserver healthy) and reports `ready`, or `failed`
 * with the failing unit and its journal. The installer phases (installing, installed) are the
 * formats' own hooks (kickstart %pre/%post, cloud-init bootcmd/runcmd, Ignition's first boot),
 * which call the same script or the same request.
 */
import { compareStrings } from '../../encoders/order.js';
import type { SystemdUnit } from '../../host/host-config.js';
import {
  BOOTED_UNIT,
  READY_UNIT,
  REPORT_ENV_PATH,
  reportScriptPath,
  REPORT_TOKEN_PATH,
  reportEnvFile,
} from '../../host/lifecycle.js';
import { scriptFile, secretFile, textFile, unit } from '../files.js';
import { LOCAL_APISERVER_URL } from '../../plan/plan-cluster.js';
import type { OsFamily } from '../../os/family.js';
import { osFamily } from '../../os/registry.js';
import { staticClientInStore } from '../kubelet-client.js';
import type { Contribution, ProfileContext } from '../model.js';
import { PATHS, STATE_DIR } from '../paths.js';

export const bootedScriptPath = (family: OsFamily): string => `${family.scriptDir}/report-booted`;
export const readyScriptPath = (family: OsFamily): string => `${family.scriptDir}/ready`;
/** Written once the Ignition first boot reported installing and installed. */
export const FIRST_BOOT_MARKER = `${STATE_DIR}/report-first-boot.done`;
/** flanneld's lease (flannel.ts passes the same path to flanneld). */
export const FLANNEL_SUBNET_ENV = '/run/flannel/subnet.env';
/** The kubelet's client certificate store (its default cert-dir): TLS bootstrap or static rotation. */
export const KUBELET_BOOTSTRAPPED_CLIENT = PATHS.kubeletClientCurrent;
/** How long `ready` waits before it reports the host as failed (and goes on waiting). */
export const READY_TIMEOUT_SECONDS = 1800;
/** Seconds between two checks. */
export const READY_PAUSE_SECONDS = 10;

/** `<bootServer>/report/<host>`; undefined for a cluster without a boot server (no pxe delivery). */
export function reportUrl(ctx: ProfileContext): string | undefined {
  const server = ctx.plan.boot.bootServer;
  return server === undefined ? undefined : `${server}/report/${encodeURIComponent(ctx.host.name)}`;
}

function isOneshot(u: SystemdUnit): boolean {
  return u.contents !== undefined && /^Type=oneshot\s*$/m.test(u.contents);
}

/** What `ready` checks: long-running services must be active, one-shot steps must not fail. */
export function readyUnits(units: readonly SystemdUnit[]): { services: string[]; steps: string[] } {
  const enabled = units
    .filter((u) => u.enabled && u.name.endsWith('.service'))
    .sort((a, b) => compareStrings(a.name, b.name));
  return {
    services: enabled.filter((u) => !isOneshot(u)).map((u) => u.name),
    steps: enabled.filter(isOneshot).map((u) => u.name),
  };
}

function readyScript(ctx: ProfileContext, units: readonly SystemdUnit[]): string {
  const { host, plan } = ctx;
  const member = plan.etcdMembers.find((m) => m.name === host.name);
  const store = ctx.cluster.kubernetes.kubeletCredentials === 'bootstrap' || staticClientInStore(ctx);
  const { services, steps } = readyUnits(units);
  return ctx.render('lifecycle/ready.sh.hbs', {
    reportScript: reportScriptPath(ctx.family),
    bootedUnit: BOOTED_UNIT,
    roles: host.roles.join(', '),
    timeout: READY_TIMEOUT_SECONDS,
    pause: READY_PAUSE_SECONDS,
    services: services.join(' '),
    steps: steps.join(' '),
    etcd: member
      ? {
          etcdctl: `${ctx.family.binDir}/etcdctl`,
          endpoint: member.clientURL,
          cacert: PATHS.etcdCa,
          cert: PATHS.etcdServerCert,
          key: PATHS.etcdServerKey,
        }
      : false,
    flannel: host.runsFlannel ? { subnetEnv: FLANNEL_SUBNET_ENV } : false,
    node: host.runsKubelet
      ? {
          name: host.name,
          apiserver: plan.apiServerURL,
          ca: PATHS.k8sCaCert,
          cert: store ? KUBELET_BOOTSTRAPPED_CLIENT : PATHS.kubeletCert,
          key: store ? KUBELET_BOOTSTRAPPED_CLIENT : PATHS.kubeletKey,
        }
      : false,
    apiserver: host.roles.includes('master')
      ? {
          url: LOCAL_APISERVER_URL,
          ca: PATHS.k8sCaCert,
          cert: PATHS.apiserverKubeletClientCert,
          key: PATHS.apiserverKubeletClientKey,
        }
      : false,
  });
}

/**
 * The lifecycle contribution; `units` are the other built-in components' units (what `ready`
 * waits for).
 */
export function lifecycleComponent(ctx: ProfileContext, units: readonly SystemdUnit[]): Contribution {
  const token = ctx.pki.reportTokens[ctx.host.name];
  if (token === undefined) throw new Error(`internal: the PKI has no report token for host ${ctx.host.name}`);
  const url = reportUrl(ctx);
  // No boot server, nowhere to report to: the host installs without reporting.
  if (url === undefined) return { source: 'lifecycle', files: [] };
  // systemd before 230 (CentOS 7's 219) takes the start limit in [Service], without `Sec`.
  const startLimitInService = osFamily(ctx.cluster.os).systemdVersion < 230;
  const reportUnit = (description: string, exec: string, after: string[]): string =>
    ctx.render('lifecycle/report.service.hbs', { description, exec, after, startLimitInService });
  return {
    source: 'lifecycle',
    files: [
      secretFile(REPORT_TOKEN_PATH, `${token}\n`),
      textFile(REPORT_ENV_PATH, reportEnvFile(url)),
      scriptFile(
        reportScriptPath(ctx.family),
        ctx.render('lifecycle/report.sh.hbs', { envFile: REPORT_ENV_PATH, tokenFile: REPORT_TOKEN_PATH }),
      ),
      scriptFile(
        bootedScriptPath(ctx.family),
        ctx.render('lifecycle/booted.sh.hbs', {
          reportScript: reportScriptPath(ctx.family),
          firstBootMarker: FIRST_BOOT_MARKER,
        }),
      ),
      scriptFile(readyScriptPath(ctx.family), readyScript(ctx, units)),
    ],
    units: [
      // After cloud-final: on cloud-init hosts, `installed` (the end of runcmd) comes first.
      unit(
        BOOTED_UNIT,
        reportUnit('Report this boot to the bootforge boot server', bootedScriptPath(ctx.family), [
          'cloud-final.service',
        ]),
      ),
      unit(
        READY_UNIT,
        reportUnit(
          'Report to the bootforge boot server once this host is ready',
          readyScriptPath(ctx.family),
          ['cloud-final.service', BOOTED_UNIT],
        ),
      ),
    ],
  };
}
