import { describe, expect, it } from 'vitest';
import { bootEntryKind, localBootEntry } from '../../serving/local-boot.js';

describe('local-boot entries', () => {
  it("knows a host's per-MAC boot entries by the PXE generator's names, and nothing else", () => {
    expect(bootEntryKind('pxe/ipxe/52-54-00-00-00-11.ipxe')).toBe('ipxe');
    expect(bootEntryKind('pxe/ipxe/52-54-00-00-00-11-kickstart.ipxe')).toBe('ipxe');
    expect(bootEntryKind('pxe/grub/grub.cfg-01-52-54-00-00-00-11')).toBe('grub');
    expect(bootEntryKind('pxe/grub/grub.cfg-52-54-00-00-00-11')).toBe('grub');
    expect(bootEntryKind('pxe/pxelinux.cfg/01-52-54-00-00-00-11')).toBe('pxelinux');
    for (const other of ['pxe/boot.ipxe', 'pxe/grub/grub.cfg', 'pxe/pxelinux.cfg/default', 'hosts/a/ks.cfg'])
      expect(bootEntryKind(other), other).toBeUndefined();
  });

  it('boot the disk: no kernel, no initrd, and say how to get the installer back', () => {
    const ipxe = localBootEntry('ipxe', 'knode1');
    expect(ipxe.split('\n').filter((l) => !l.startsWith('#') && l !== '')).toEqual([
      'echo bootforge: knode1 is installed, booting its local disk',
      'sanboot --no-describe --drive 0x80 || exit 1',
    ]);
    expect(ipxe.startsWith('#!ipxe\n')).toBe(true);
    for (const kind of ['ipxe', 'grub', 'pxelinux'] as const) {
      const text = localBootEntry(kind, 'knode1');
      expect(text).not.toMatch(/^\s*(kernel|initrd|linux|linuxefi|initrdefi|KERNEL|LINUX|INITRD|APPEND)\b/m);
      expect(text).toContain('bootforge reinstall OUT knode1');
    }
    expect(localBootEntry('pxelinux', 'knode1')).toMatch(/^DEFAULT local$[\s\S]*^ {2}LOCALBOOT 0$/m);
  });
});
