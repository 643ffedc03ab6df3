/**
 * The formats EL hosts get by default: every format, as before OS families existed (the goldens
 * depend on it), Ignition included. CentOS 7 lists Ignition only in `renderedByDefaultOnly`
 * (Ignition does not run on CentOS 7): config.ign is still rendered by a default run, but
 * `--only ignition` is refused.
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
