/**
 * The install lifecycle in user-data (contract.md "Install lifecycle"): `installing` from bootcmd,
 * at the start of cloud-init's first stage with network (before write_files, so the request is
 * inline: curl with the token on its standard input, never on a command line), once per instance;
 * `installed` at the end of runcmd, in the final stage, with the report script write_files laid
 * down. `booted` and `ready` come from the host's units, ordered after cloud-final.
 */
import type { HostConfig } from '../../host/host-config.js';
import { reportSetup } from '../../host/lifecycle.js';
import { shellCommand, shellQuote } from '../shared/shell-quote.js';

/**
 * cloud-init's semaphore directory for this instance: the request is made once per instance, as
 * cloud-init's own per-instance modules are.
 */
export const INSTALLING_SEMAPHORE = '/var/lib/cloud/instance/sem/bootforge_report_installing';

/**
 * bootcmd lines (shell text, run by /bin/sh); none without a report setup. The token is an
 * argument of printf, a shell builtin, so it is on no command line; curl reads the header from
 * its standard input. At most 3 tries of 10 s, 3 s apart; nothing in it can fail bootcmd.
 */
export function reportBootcmd(host: HostConfig): string[] {
  const setup = reportSetup(host);
  if (setup === undefined) return [];
  const body = JSON.stringify({
    phase: 'installing',
    message: `cloud-init: first boot of ${host.hostname}, configuring it`,
  });
  const curl = shellCommand([
    'curl',
    '-s',
    '-o',
    '/dev/null',
    '--connect-timeout',
    '5',
    '--max-time',
    '10',
    '--retry',
    '2',
    '--retry-delay',
    '3',
    '-X',
    'POST',
    '-H',
    'Content-Type: application/json',
    '--data-binary',
    body,
    '-K',
    '-',
    setup.url,
  ]);
  const sem = shellQuote(INSTALLING_SEMAPHORE);
  const header = `printf 'header = "Authorization: Bearer %s"\\n' ${shellQuote(setup.token)}`;
  // touch, not `: >`: a failed redirection of a special builtin would end the whole bootcmd shell.
  return [`[ -e ${sem} ] || { ${header} | ${curl}; touch ${sem}; } 2>/dev/null || true`];
}

/** The last runcmd line: `installed`, once files, packages and units are in place. */
export function reportInstalledCommand(host: HostConfig): string[] | undefined {
  const setup = reportSetup(host);
  if (setup === undefined) return undefined;
  return [setup.scriptPath, 'installed', `cloud-init: ${host.hostname} configured (files, packages, units)`];
}
