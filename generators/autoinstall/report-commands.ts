/**
 * The install lifecycle in the autoinstall section (contract.md "Install lifecycle"), as
 * Subiquity command lists (each string run with `sh -c` in the installer environment):
 *
 * - `early-commands` put the installer's own copy of the report script and token under
 *   /tmp/bootforge (the seed's user-data carries the token inline: it is 0600 and served only to
 *   its host) and report `installing`;
 * - `late-commands` make the installed disk boot first (UEFI: its entries ahead of the network
 *   boot, as ks.cfg's %post does; the installed system is mounted at /target) and report
 *   `installed` just before the installer reboots: `bootforge serve` then answers the host's PXE
 *   entries with a local boot (boot once), so the reboot does not install again;
 * - `error-commands` report `failed` with the end of the installer's log.
 *
 * The installed system's first boot reports `booted` and `ready` with the script it keeps (the
 * first-boot cloud-config). Each report is bounded in time and never fails the installer.
 */
import type { HostConfig } from '../../host/host-config.js';
import { reportSetup } from '../../host/lifecycle.js';
import { BOOT_DISK_FIRST_CALL, bootDiskFirstFunction } from '../shared/boot-disk-first.js';
import { installerCopy, installerReport } from '../shared/installer-report.js';
import { shellQuote } from '../shared/shell-quote.js';

/** Where Subiquity logs in the live session. */
export const INSTALLER_LOG = '/var/log/installer/subiquity-server-debug.log';

export interface ReportCommands {
  'early-commands': string[];
  'late-commands': string[];
  'error-commands': string[];
}

function target(host: HostConfig): string {
  return `${host.hostname} (${host.os}) on ${host.install.disk}`;
}

/** The installed system's EFI system partition, as the installer environment sees it. */
export const TARGET_ESP = '/target/boot/efi';

/** The disk-first command (late-commands' first), with or without lifecycle reports. */
export const DISK_FIRST_COMMAND = `${bootDiskFirstFunction(TARGET_ESP, 'the install')}${BOOT_DISK_FIRST_CALL}`;

/**
 * The three command lists; without a report script and token (no lifecycle) only the disk-first
 * late command.
 */
export function reportCommands(host: HostConfig): ReportCommands {
  const setup = reportSetup(host);
  if (setup === undefined)
    return { 'early-commands': [], 'late-commands': [DISK_FIRST_COMMAND], 'error-commands': [] };
  return {
    'early-commands': [
      [
        "# bootforge: report `installing` with the installer's copy of the report script and token.",
        ...installerCopy(setup),
        installerReport(setup, 'installing', shellQuote(`autoinstall: installing ${target(host)}`)),
      ].join('\n'),
    ],
    'late-commands': [
      DISK_FIRST_COMMAND,
      installerReport(
        setup,
        'installed',
        shellQuote(`autoinstall: ${target(host)} installed; rebooting into it`),
      ),
    ],
    'error-commands': [
      installerReport(
        setup,
        'failed',
        `"autoinstall failed on ${host.hostname}; the last lines of ${INSTALLER_LOG}:\n$(tail -n 20 ${INSTALLER_LOG} 2>/dev/null)"`,
      ),
    ],
  };
}
