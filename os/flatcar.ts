/**
 * Flatcar Container Linux: image-based and configured by Ignition only (config.ign), from its PXE
 * images or any medium that hands it a config. No package manager: every binary bootforge lays
 * down goes to /opt/bin (sbinDir too) and its scripts to /opt/libexec (/usr, /usr/local
 * included, is a read-only dm-verity partition). It ships containerd (the `os` source: bootforge writes the config and a
 * drop-in that points the shipped unit at it) and docker, which bootforge does not wire (its docker
 * path is docker-ce from packages), so runtime: docker is refused. systemd-networkd configures the
 * network (config.ign writes a .network file); systemd-timesyncd keeps time. SELinux ships in
 * permissive mode and is left as shipped; no firewall is managed.
 *
 * PXE: Flatcar's images (flatcar_production_pxe.vmlinuz, flatcar_production_pxe_image.cpio.gz,
 * https://www.flatcar.org/docs/latest/installing/bare-metal/booting-with-ipxe/) under
 * <bootServer>/assets/flatcar/, booted with `flatcar.first_boot=1 ignition.config.url=<config.ign>`;
 * they run from RAM (flatcar-install to a disk is not rendered).
 */
import type { OsFamily } from './family.js';

export const flatcar: OsFamily = {
  id: 'flatcar',
  title: 'Flatcar Container Linux',
  packageManager: 'none',
  hostPackages: [],
  timeSync: { daemon: 'systemd-timesyncd', conf: '/etc/systemd/timesyncd.conf.d/bootforge.conf' },
  binDir: '/opt/bin',
  sbinDir: '/opt/bin',
  scriptDir: '/opt/libexec/bootforge',
  network: 'systemd-networkd',
  ignitionPxe: {
    boot: 'flatcar-live',
    dir: 'flatcar',
    kernel: 'flatcar_production_pxe.vmlinuz',
    initramfs: 'flatcar_production_pxe_image.cpio.gz',
  },
  shippedContainerd: { execStart: '/usr/bin/containerd' },
  securityModule: 'none',
  firewall: 'none',
  fstab: false,
  // Flatcar reads Ignition, not cloud-init: no seed ISO, vSphere guestinfo or cloud user-data
  // (bootforge renders those as cloud-init); bundles carry config.ign and the PXE files.
  formats: ['ignition', 'pxe', 'dnsmasq', 'bundle', 'bundle-zip', 'nginx'],
  installMethods: ['ignition'],
  runtimes: { containerd: 'os' },
  systemdVersion: 255,
  cgroupVersion: 2,
  imageRepos: 'current',
  docs: {
    bootPaths: 'PXE with Ignition (iPXE, GRUB, pxelinux; Flatcar PXE images, from RAM)',
    tested:
      'unit tests (test/os/flatcar.test.ts): config.ign passes ignition-validate, no packages, /opt/bin, shellcheck and systemd-analyze verify, refusals; not booted',
  },
};
