/**
 * pxelinux (BIOS) files: `pxelinux.cfg/01-<mac-hyphen>` per host and a `default` that says the
 * machine is unknown and hands back to the BIOS. Kernel arguments go on APPEND as they are (no
 * quoting: `ds=nocloud;s=...` stays literal); `IPAPPEND 2` adds `BOOTIF=01-<mac>`, which ties the
 * initramfs' static `ip=` to the booting NIC. HTTP URLs need lpxelinux.0 (syslinux 5+).
 */
import type { BootEntry } from './boot-entries.js';

function pxelinuxValue(value: string): string {
  if (/[\r\n]/.test(value)) throw new Error(`pxelinux cannot take a line break in ${JSON.stringify(value)}`);
  return value;
}

export function renderHostPxelinux(
  host: { name: string; mac: string },
  entries: readonly BootEntry[],
): string {
  const first = entries[0];
  if (first === undefined) throw new Error(`no boot entries for ${host.name}`);
  const lines = [
    `# bootforge: ${host.name} (${host.mac}). The default entry is this host's install path.`,
    `DEFAULT ${first.method}`,
    'PROMPT 0',
    'TIMEOUT 50',
  ];
  for (const entry of entries) {
    lines.push(
      '',
      `LABEL ${entry.method}`,
      `  MENU LABEL ${pxelinuxValue(entry.title)}`,
      `  KERNEL ${pxelinuxValue(entry.kernel)}`,
      `  APPEND ${[`initrd=${entry.initrds.join(',')}`, ...entry.args].map(pxelinuxValue).join(' ')}`,
      '  IPAPPEND 2',
    );
  }
  lines.push('');
  return lines.join('\n');
}

export function renderDefaultPxelinux(): string {
  return [
    '# bootforge: pxelinux reads this when no per-MAC file (01-<mac>) exists for the machine.',
    'DEFAULT unknown',
    'PROMPT 0',
    'SAY bootforge: this machine is unknown to the boot server (no pxelinux.cfg/01-<mac> file).',
    'SAY bootforge: add it to the inventory and run bootforge generate. Handing back to the BIOS for the next boot device.',
    '',
    'LABEL unknown',
    '  LOCALBOOT 0',
    '',
  ].join('\n');
}
