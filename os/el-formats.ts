/**
 * The formats EL hosts get by default: every format, Ignition included (EL9 hosts can take the
 * CoreOS path). CentOS 7 leaves Ignition out: it does not run there.
 */
export const EL_FORMATS: readonly string[] = [
  'cloud-init',
  'ignition',
  'kickstart',
  'pxe',
  'dnsmasq',
  'iso',
  'vsphere',
  'cloud',
  'bundle',
  'bundle-zip',
  'nginx',
];
