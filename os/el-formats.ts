/**
 * The formats EL hosts get by default: every format, as before OS families existed (the goldens
 * depend on it), Ignition included: `config.ign` is still rendered for EL hosts, but choosing the
 * Ignition install path (`install.method: ignition`) for an EL family is refused.
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
