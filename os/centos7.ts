/** CentOS 7: yum, ifcfg network scripts, SELinux, firewalld, installed by Anaconda (kickstart). */
import { COREOS_LIVE_PXE, type OsFamily } from './family.js';
import { EL_FORMATS } from './el-formats.js';

export const centos7: OsFamily = {
  id: 'centos7',
  title: 'CentOS 7',
  packageManager: 'yum',
  hostPackages: ['chrony', 'tar', 'conntrack-tools', 'socat', 'iptables'],
  timeSync: { daemon: 'chronyd', conf: '/etc/chrony.conf' },
  binDir: '/usr/local/bin',
  sbinDir: '/usr/local/sbin',
  scriptDir: '/usr/local/libexec/bootforge',
  network: 'ifcfg',
  ignitionPxe: COREOS_LIVE_PXE,
  securityModule: 'selinux',
  firewall: 'firewalld',
  fstab: true,
  // Ignition does not run on CentOS 7 (the CoreOS path would install CoreOS, not CentOS).
  formats: EL_FORMATS.filter((f) => f !== 'ignition'),
  installMethods: ['kickstart', 'nocloud'],
  runtimes: { docker: 'docker-ce-yum', containerd: 'docker-ce-yum' },
  kickstart: { syntax: 'RHEL7', targetRoot: '/mnt/sysimage' },
  systemdVersion: 219,
  cgroupVersion: 1,
  imageRepos: 'retired',
  docs: {
    bootPaths: 'PXE kickstart (iPXE, GRUB, pxelinux), PXE NoCloud, seed ISO, vSphere, cloud user-data',
    tested:
      'goldens, ksvalidator-style checks, formats-agree (%post in a chroot), PXE boot to the config fetch',
  },
};
