/**
 * The autoinstall user-data Subiquity's live installer reads (NoCloud over HTTP, from the host's
 * `hosts/<name>/autoinstall/` seed): `#cloud-config` whose only key is `autoinstall:` (version 1),
 * so the installer's own cloud-init does nothing else to the live system. Its sections follow
 * Subiquity's doc/reference/autoinstall-reference.rst and autoinstall-schema.json:
 *
 * - `network`: netplan version 2, the host's static address on the NIC matched by MAC (renamed to
 *   the inventory's interface name), as the installed system keeps it;
 * - `storage`: the `direct` layout (one ext4 root, no LVM) on the inventory's install disk
 *   (`match: {path: ...}`);
 * - `ssh`: the OpenSSH server installed, password logins off (keys come with the user-data's users);
 * - `apt`: the primary archive the host's first boot uses too (upstream or on the artifacts
 *   mirror), no GeoIP mirror guess, and an offline install if it cannot be reached;
 * - `early-commands`, `late-commands`, `error-commands`: the installed disk first in the UEFI boot
 *   order, and the install lifecycle's `installing`, `installed` and `failed` reports
 *   (report-commands.ts);
 * - `user-data`: the host's first-boot cloud-config, the same document its seed ISO carries
 *   (users and keys, files, units, commands), which cloud-init applies on the installed system's
 *   first boot. With it no `identity` section is needed (autoinstall-reference.rst, user-data).
 */
import type { HostConfig } from '../../host/host-config.js';
import { CLOUD_CONFIG_HEADER, userDataDocument } from '../cloud-init/user-data.js';
import { toYaml } from '../shared/yaml.js';
import { reportCommands } from './report-commands.js';

/** netplan v2 for the installed system: the host's one static interface. */
export function autoinstallNetwork(host: HostConfig): Record<string, unknown> {
  const net = host.network;
  const ethernet: Record<string, unknown> = {};
  if (net.mac !== undefined) {
    ethernet['match'] = { macaddress: net.mac.toLowerCase() };
    ethernet['set-name'] = net.interface;
  }
  ethernet['addresses'] = [`${net.address}/${net.prefixLength}`];
  ethernet['routes'] = [{ to: 'default', via: net.gateway }];
  const nameservers: Record<string, unknown> = {};
  if (net.nameservers.length > 0) nameservers['addresses'] = [...net.nameservers];
  if (net.searchDomains.length > 0) nameservers['search'] = [...net.searchDomains];
  if (Object.keys(nameservers).length > 0) ethernet['nameservers'] = nameservers;
  if (net.mtu !== undefined) ethernet['mtu'] = net.mtu;
  return { version: 2, ethernets: { [net.interface]: ethernet } };
}

/** The `autoinstall:` section for one prepared HostConfig. */
export function autoinstallSection(host: HostConfig): Record<string, unknown> {
  const reports = reportCommands(host);
  const section: Record<string, unknown> = {
    version: 1,
    ...(reports['early-commands'].length === 0 ? {} : { 'early-commands': reports['early-commands'] }),
    network: autoinstallNetwork(host),
    storage: { layout: { name: 'direct', match: { path: host.install.disk } } },
    ssh: { 'install-server': true, 'allow-pw': false },
  };
  if (host.apt !== undefined) {
    section['apt'] = {
      geoip: false,
      'mirror-selection': { primary: [{ uri: host.apt.primary }] },
      fallback: 'offline-install',
    };
  }
  section['timezone'] = host.install.timezone;
  section['user-data'] = userDataDocument(host);
  section['late-commands'] = reports['late-commands'];
  if (reports['error-commands'].length > 0) section['error-commands'] = reports['error-commands'];
  section['shutdown'] = 'reboot';
  return section;
}

/** The seed's user-data: `#cloud-config` with the `autoinstall:` section only. */
export function renderAutoinstallUserData(host: HostConfig): string {
  return `${CLOUD_CONFIG_HEADER}\n${toYaml({ autoinstall: autoinstallSection(host) })}`;
}
