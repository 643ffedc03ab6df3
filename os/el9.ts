/** EL9 (CentOS Stream 9, Rocky 9, Alma 9): dnf, NetworkManager, SELinux, firewalld, Anaconda. */
import { COREOS_LIVE_PXE, type OsFamily } from './family.js';
import { EL_FORMATS } from './el-formats.js';

export const el9: OsFamily = {
  id: 'el9',
  title: 'EL9 (CentOS Stream 9, Rocky 9, Alma 9)',
  packageManager: 'dnf',
  hostPackages: ['chrony', 'tar', 'conntrack-tools', 'socat', 'iptables-nft'],
  timeSync: { daemon: 'chronyd', conf: '/etc/chrony.conf' },
  binDir: '/usr/local/bin',
  sbinDir: '/usr/local/sbin',
  scriptDir: '/usr/local/libexec/bootforge',
  network: 'networkmanager-keyfile',
  ignitionPxe: COREOS_LIVE_PXE,
  securityModule: 'selinux',
  firewall: 'firewalld',
  fstab: true,
  formats: EL_FORMATS,
  // ignition: the CoreOS live path as rendered before OS families (test/e2e/pxe-boot boots it);
  // it moves to an Ignition-native family once one exists.
  installMethods: ['kickstart', 'nocloud', 'ignition'],
  runtimes: { docker: 'docker-ce-yum', containerd: 'docker-ce-yum' },
  kickstart: { syntax: 'RHEL9', targetRoot: '/mnt/sysroot' },
  systemdVersion: 252,
  cgroupVersion: 2,
  imageRepos: 'current',
  docs: {
    bootPaths: 'PXE kickstart (iPXE, GRUB, pxelinux), PXE NoCloud, seed ISO, vSphere, cloud user-data',
    tested:
      'goldens, formats-agree (%post in a chroot), PXE boot to the config fetch, etcd cluster from the generated units',
  },
};
