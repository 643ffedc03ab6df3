/**
 * Stateless boot-once, for kickstart's %post and Subiquity's late-commands: from the end of the
 * install on, the installed disk boots first. On UEFI the boot
 * entries on this install's EFI system partition (matched by its PARTUUID in `efibootmgr -v`) go
 * to the front of BootOrder, the network boot the installer came from stays right behind them
 * (a wiped disk falls through to it), and BootNext is cleared. BIOS machines keep the firmware's
 * order (README: disk before network). A function called in an `||` list, so no step of it can
 * fail the installer (errexit does not apply inside).
 *
 * The disk-first function for an installer whose installed EFI system partition is mounted at
 * `esp` (`/boot/efi` in %post's chroot, `/target/boot/efi` in Subiquity's late-commands); `when`
 * names the installer step in its comment.
 */
export function bootDiskFirstFunction(esp: string, when: string): string {
  return `# bootforge: from the end of ${when} on, the installed disk boots first (UEFI); BIOS keeps the firmware order.
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
  esp=$(findmnt -n -o SOURCE ${esp})
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
}

export const BOOT_DISK_FIRST_FUNCTION = bootDiskFirstFunction('/boot/efi', '%post');

/** The call, in an `||` list so that nothing in the function can fail %post. */
export const BOOT_DISK_FIRST_CALL =
  'bf_boot_disk_first || echo "bootforge: could not set the UEFI boot order; the firmware boot order decides"';
