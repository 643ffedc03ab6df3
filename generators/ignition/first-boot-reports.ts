/**
 * Ignition runs in the initramfs and cannot report by itself: with the host's report setup, the
 * booted unit gets a drop-in that makes it report `installing` and `installed` on the first boot,
 * once, before `booted` (profiles/templates/lifecycle/booted.sh.hbs).
 */
import type { HostConfig, SystemdUnit } from '../../host/host-config.js';
import { BOOTED_UNIT, FIRST_BOOT_REPORTS_VARIABLE, reportSetup } from '../../host/lifecycle.js';

export const FIRST_BOOT_DROPIN = '10-ignition-first-boot.conf';

export function withFirstBootReports(host: HostConfig): SystemdUnit[] {
  if (reportSetup(host) === undefined) return host.units;
  return host.units.map((u) =>
    u.name === BOOTED_UNIT
      ? {
          ...u,
          dropins: [
            ...u.dropins,
            {
              name: FIRST_BOOT_DROPIN,
              contents: `[Service]\nEnvironment=${FIRST_BOOT_REPORTS_VARIABLE}=ignition\n`,
            },
          ],
        }
      : u,
  );
}
