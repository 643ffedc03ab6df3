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

/**
 * Stateless boot-once: from the end of %post on, the installed disk boots first. On UEFI the boot
 * entries on this install's EFI system partition (matched by its PARTUUID in `efibootmgr -v`) go
 * to the front of BootOrder, the network boot the installer came from stays right behind them
 * (a wiped disk falls through to it), and BootNext is cleared. BIOS machines keep the firmware's
 * order (README: disk before network). A function called in an `||` list, so no step of it can
 * fail %post (errexit does not apply inside).
 */
export const BOOT_DISK_FIRST_FUNCTION = `# bootforge: from the end of %post on, the installed disk boots first (UEFI); BIOS keeps the firmware order.
bf_boot_disk_first() {
  if [ ! -d /sys/firmware/efi/efivars ]; then
    echo "bootforge: BIOS boot; the firmware's boot order decides (disk before network)"
    return 0
  fi
  if ! command -v efibootmgr >/dev/null; then
    echo "bootforge: no efibootmgr; UEFI boot order unchanged"
    return 0
  fi
  local esp partuuid entries order rest
  esp=$(findmnt -n -o SOURCE /boot/efi)
  partuuid=$(blkid -s PARTUUID -o value "$esp" | tr 'A-F' 'a-f')
  entries=$(efibootmgr -v | awk -v id="$partuuid" \\
    'id != "" && /^Boot[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]/ && index(tolower($0), id) { print substr($1, 5, 4) }' |
    paste -sd, -)
  order=$(efibootmgr | sed -n 's/^BootOrder: //p')
  if [ -z "$entries" ]; then
    echo "bootforge: no UEFI boot entry on the EFI system partition $esp; boot order unchanged ($order)"
    return 0
  fi
  rest=$(printf '%s\\n' "$order" | tr , '\\n' | awk -v skip=",$entries," 'NF && !index(skip, "," $0 ",")' | paste -sd, -)
  efibootmgr -o "$entries\${rest:+,$rest}" >/dev/null
  efibootmgr -N >/dev/null 2>&1 || true
  echo "bootforge: UEFI boot order $(efibootmgr | sed -n 's/^BootOrder: //p') (this disk first)"
}
`;

/** The call, in an `||` list so that nothing in the function can fail %post. */
export const BOOT_DISK_FIRST_CALL =
  'bf_boot_disk_first || echo "bootforge: could not set the UEFI boot order; the firmware boot order decides"';

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
