/**
 * Boot once (issue 10): a host that reported `installed` (or a later phase) must not run its
 * installer again when its firmware network-boots first. `bootforge serve` then answers that
 * host's per-MAC boot entries (its iPXE scripts, GRUB and pxelinux entries) with one of these,
 * which boot the local disk and name no kernel or initrd. Pure text; the state that decides lives
 * in server/lifecycle/. The generated nginx.conf is stateless and never answers these: there the
 * kickstart's disk-first boot order is what stops a reinstall (README, "Install lifecycle").
 */
import { HOST_SCRIPT_DIR } from './routes.js';

export type BootEntryKind = 'ipxe' | 'grub' | 'pxelinux';

/**
 * Which boot loader reads `path`, for a host's own per-MAC entry (the PXE generator's names:
 * `pxe/ipxe/<mac>[-<method>].ipxe`, `pxe/grub/grub.cfg-[01-]<mac>`, `pxe/pxelinux.cfg/01-<mac>`);
 * undefined for anything else, the generic entry files included.
 */
export function bootEntryKind(path: string): BootEntryKind | undefined {
  if (path.startsWith(`${HOST_SCRIPT_DIR}/`) && path.endsWith('.ipxe')) return 'ipxe';
  if (/^pxe\/grub\/grub\.cfg-[0-9a-f-]+$/.test(path)) return 'grub';
  if (/^pxe\/pxelinux\.cfg\/01-[0-9a-f-]+$/.test(path)) return 'pxelinux';
  return undefined;
}

/** The hint every local-boot entry prints: how the operator gets the installer back. */
function rearmHint(host: string): string {
  return `bootforge reinstall OUT ${host}`;
}

/**
 * iPXE: `sanboot --drive 0x80` boots the first BIOS disk; where that is not possible (UEFI, no
 * disk), `exit 1` hands the machine back to the firmware, which boots its next device: the disk.
 */
function ipxe(host: string): string {
  return [
    '#!ipxe',
    `# bootforge: ${host} is installed; boot its local disk, not the installer.`,
    `# Re-arm the installer with: ${rearmHint(host)}`,
    `echo bootforge: ${host} is installed, booting its local disk`,
    'sanboot --no-describe --drive 0x80 || exit 1',
    '',
  ].join('\n');
}

/** GRUB (UEFI network boot): `exit` returns to the firmware, which boots its next entry. */
function grub(host: string): string {
  return [
    `# bootforge: ${host} is installed; boot its local disk, not the installer.`,
    `# Re-arm the installer with: ${rearmHint(host)}`,
    'set default=0',
    'set timeout=0',
    `menuentry 'bootforge: ${host} is installed, boot the local disk' {`,
    '  exit',
    '}',
    '',
  ].join('\n');
}

/** pxelinux (BIOS): LOCALBOOT 0 boots the local disk. */
function pxelinux(host: string): string {
  return [
    `# bootforge: ${host} is installed; boot its local disk, not the installer.`,
    `# Re-arm the installer with: ${rearmHint(host)}`,
    'DEFAULT local',
    'PROMPT 0',
    'TIMEOUT 0',
    'LABEL local',
    `  MENU LABEL bootforge: ${host} is installed, boot the local disk`,
    '  LOCALBOOT 0',
    '',
  ].join('\n');
}

/** The local-boot entry for a host's `kind` of boot entry. Host names are DNS labels. */
export function localBootEntry(kind: BootEntryKind, host: string): string {
  switch (kind) {
    case 'ipxe':
      return ipxe(host);
    case 'grub':
      return grub(host);
    case 'pxelinux':
      return pxelinux(host);
  }
}
