/**
 * Debian 12 (bookworm) cloud images: configured by cloud-init from a NoCloud seed ISO, vSphere
 * guestinfo or a cloud's user-data; apt, netplan (cloud-init renders network-config v1 to it),
 * AppArmor left on, no firewall managed. apt installs from deb.debian.org (bookworm, -updates,
 * -security; `main`), rewritten onto cluster.artifacts.mirror when set; the image's deb822
 * debian.sources, if any, is set aside so apt reads only that archive. There is no PXE install
 * path: Debian has no kickstart, and its images boot from disk. containerd comes from its release
 * tarball, as apt has no containerd.io of the versions the plan picks.
 */
import { COREOS_LIVE_PXE, type OsFamily } from './family.js';

export const debian12: OsFamily = {
  id: 'debian12',
  title: 'Debian 12 (bookworm)',
  packageManager: 'apt',
  hostPackages: ['chrony', 'tar', 'conntrack', 'socat', 'iptables'],
  timeSync: { daemon: 'chronyd', conf: '/etc/chrony/chrony.conf' },
  binDir: '/usr/local/bin',
  sbinDir: '/usr/local/sbin',
  scriptDir: '/usr/local/libexec/bootforge',
  network: 'netplan',
  ignitionPxe: COREOS_LIVE_PXE,
  securityModule: 'apparmor',
  firewall: 'none',
  fstab: true,
  formats: ['cloud-init', 'iso', 'vsphere', 'cloud', 'bundle', 'bundle-zip', 'nginx'],
  installMethods: [],
  runtimes: { containerd: 'release-tarball' },
  systemdVersion: 252,
  cgroupVersion: 2,
  imageRepos: 'current',
  apt: {
    codename: 'bookworm',
    primary: 'http://deb.debian.org/debian',
    security: 'http://deb.debian.org/debian-security',
    suites: ['bookworm', 'bookworm-updates'],
    components: ['main'],
    format: 'one-line',
    keyring: '/usr/share/keyrings/debian-archive-keyring.gpg',
    imageSources: ['/etc/apt/sources.list.d/debian.sources'],
  },
  docs: {
    bootPaths: 'seed ISO (NoCloud), vSphere guestinfo, cloud user-data',
    tested: 'unit tests: formats rendered, Debian package names, no SELinux/firewalld steps, refusals',
  },
};
