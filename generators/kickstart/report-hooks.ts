/**
 * The install lifecycle in ks.cfg (contract.md "Install lifecycle"):
 *
 * - `%pre` puts the installer's own copy of the report script, token and URL under /tmp/bootforge
 *   and reports `installing` (ks.cfg carries the token inline: it is 0600 and served only to its
 *   host, like the token file it lays down);
 * - the end of `%post` makes the installed disk boot first (UEFI) and reports `installed` with the
 *   script the host keeps;
 * - `%onerror` reports `failed` with the end of the log that says why.
 *
 * Each report is bounded in time and never fails the installer (the script always exits 0).
 */
import type { HostConfig } from '../../host/host-config.js';
import { reportSetup } from '../../host/lifecycle.js';
import { kickstartTargetRoot } from '../shared/kickstart-syntax.js';
import { BOOT_DISK_FIRST_CALL, BOOT_DISK_FIRST_FUNCTION } from '../shared/boot-disk-first.js';
import { INSTALLER_REPORT_DIR, installerCopy, installerReport } from '../shared/installer-report.js';
import { shellCommand, shellQuote } from '../shared/shell-quote.js';

/** Where %pre leaves the installer's copy (the installer's /tmp lasts until it reboots). */
export { INSTALLER_REPORT_DIR };
export const PRE_LOG = '/tmp/bootforge-pre.log';
export const PRE_HEADER = `%pre --interpreter=/bin/sh --log=${PRE_LOG}`;
export const ONERROR_HEADER = '%onerror --interpreter=/bin/sh';

function installTarget(host: HostConfig): string {
  return `${host.hostname} (${host.os}) on ${host.install.disk}`;
}

export function preSection(host: HostConfig): string[] | undefined {
  const setup = reportSetup(host);
  if (setup === undefined) return undefined;
  return [
    PRE_HEADER,
    "# bootforge: report `installing` with the installer's copy of the report script and token.",
    ...installerCopy(setup),
    installerReport(setup, 'installing', shellQuote(`kickstart: installing ${installTarget(host)}`)),
    '%end',
  ];
}

export { BOOT_DISK_FIRST_CALL, BOOT_DISK_FIRST_FUNCTION };

/** The lines after the lay-down operations: the disk first, then `installed`. */
export function postTail(host: HostConfig): string[] {
  const setup = reportSetup(host);
  const lines = [BOOT_DISK_FIRST_CALL];
  if (setup !== undefined) {
    lines.push(
      shellCommand([
        setup.scriptPath,
        'installed',
        `kickstart: ${installTarget(host)} installed; rebooting into it`,
      ]),
    );
  }
  return lines;
}

export function onErrorSection(host: HostConfig, postLog: string): string[] | undefined {
  const setup = reportSetup(host);
  if (setup === undefined) return undefined;
  const sysrootLog = `${kickstartTargetRoot(host)}${postLog}`;
  return [
    ONERROR_HEADER,
    '# bootforge: report `failed` with the end of the log that says why.',
    `bf_log=${shellQuote(sysrootLog)}`,
    '[ -s "$bf_log" ] || bf_log=/tmp/anaconda.log',
    installerReport(
      setup,
      'failed',
      `"kickstart failed on ${host.hostname}; the last lines of $bf_log:\n$(tail -n 20 "$bf_log" 2>/dev/null)"`,
    ),
    '%end',
  ];
}
