/**
 * Ubuntu 24.04 LTS (noble) cloud images: cloud-init from a NoCloud seed ISO, vSphere guestinfo
 * or a cloud's user-data; apt (archive.ubuntu.com and security.ubuntu.com, as a deb822
 * ubuntu.sources cloud-init writes over the image's; on cluster.artifacts.mirror when set),
 * netplan, AppArmor left on, ufw left as the image has it (inactive on Ubuntu's cloud images;
 * bootforge does not manage it). containerd comes from its release tarball.
 *
 * PXE: Subiquity's autoinstall (`install.method: autoinstall`). The loader boots the live-server
 * ISO's casper/vmlinuz and casper/initrd from the install tree (default
 * <bootServer>/assets/ubuntu2404/, the ISO unpacked there beside the ISO file itself); casper
 * downloads the ISO (`url=`) and the installer's cloud-init reads the host's autoinstall seed
 * (`ds=nocloud-net;s=<bootServer>/hosts/<name>/autoinstall/`), whose `user-data:` is the host's
 * first-boot cloud-config (generators/autoinstall/).
 */
import { COREOS_LIVE_PXE, type OsFamily } from './family.js';

export const ubuntu2404: OsFamily = {
  id: 'ubuntu2404',
  title: 'Ubuntu 24.04 LTS (noble)',
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
  formats: [
    'cloud-init',
    'pxe',
    'dnsmasq',
    'autoinstall',
    'iso',
    'vsphere',
    'cloud',
    'bundle',
    'bundle-zip',
    'nginx',
  ],
  installMethods: ['autoinstall'],
  autoinstall: {
    kernel: 'casper/vmlinuz',
    initrd: 'casper/initrd',
    iso: 'ubuntu-24.04.3-live-server-amd64.iso',
  },
  runtimes: { containerd: 'release-tarball' },
  systemdVersion: 255,
  cgroupVersion: 2,
  imageRepos: 'current',
  apt: {
    codename: 'noble',
    primary: 'http://archive.ubuntu.com/ubuntu',
    security: 'http://security.ubuntu.com/ubuntu',
    suites: ['noble', 'noble-updates', 'noble-backports'],
    components: ['main', 'restricted', 'universe', 'multiverse'],
    format: 'deb822',
    keyring: '/usr/share/keyrings/ubuntu-archive-keyring.gpg',
    imageSources: [],
  },
  docs: {
    bootPaths:
      'PXE autoinstall (iPXE, GRUB, pxelinux; live-server casper kernel and initrd, ISO by url=), seed ISO (NoCloud), vSphere guestinfo, cloud user-data',
    tested: 'unit tests (as debian12: same renderers, its own package list); not booted',
  },
};
