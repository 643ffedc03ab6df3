/**
 * Install-lifecycle reporting on every host (contract.md "Install lifecycle"): the host's own
 * report token (0600, secret) and the URL it reports to. Only this host's token, never another's.
 */
import { REPORT_ENV_PATH, REPORT_TOKEN_PATH, reportEnvFile } from '../../host/lifecycle.js';
import { secretFile, textFile } from '../files.js';
import type { Contribution, ProfileContext } from '../model.js';

/** `<bootServer>/report/<host>`; undefined for a cluster without a boot server (no pxe delivery). */
export function reportUrl(ctx: ProfileContext): string | undefined {
  const server = ctx.plan.boot.bootServer;
  return server === undefined ? undefined : `${server}/report/${encodeURIComponent(ctx.host.name)}`;
}

export function lifecycleComponent(ctx: ProfileContext): Contribution {
  const token = ctx.pki.reportTokens[ctx.host.name];
  if (token === undefined) throw new Error(`internal: the PKI has no report token for host ${ctx.host.name}`);
  const url = reportUrl(ctx);
  // No boot server, nowhere to report to: the host installs without reporting.
  if (url === undefined) return { source: 'lifecycle', files: [] };
  return {
    source: 'lifecycle',
    files: [secretFile(REPORT_TOKEN_PATH, `${token}\n`), textFile(REPORT_ENV_PATH, reportEnvFile(url))],
  };
}
