/**
 * NetworkManager keyfile for the host's static address, matched by MAC so it applies whatever
 * name the NIC gets (by interface name when the inventory gives no MAC). Written to /etc/NetworkManager/system-connections/<iface>.nmconnection, 0600.
 */
import type { InlineFile, StaticNetwork } from '../../host/host-config.js';

export function nmKeyfilePath(net: StaticNetwork): string {
  return `/etc/NetworkManager/system-connections/${net.interface}.nmconnection`;
}

export function nmKeyfileContent(net: StaticNetwork): string {
  const sections: [string, [string, string][]][] = [
    [
      'connection',
      [
        ['id', net.interface],
        ['type', 'ethernet'],
        ...(net.mac === undefined ? [['interface-name', net.interface] as [string, string]] : []),
        ['autoconnect', 'true'],
      ],
    ],
    [
      'ethernet',
      [
        ...(net.mac === undefined ? [] : [['mac-address', net.mac.toUpperCase()] as [string, string]]),
        ...mtu(net),
      ],
    ],
    [
      'ipv4',
      [
        ['method', 'manual'],
        ['address1', `${net.address}/${net.prefixLength},${net.gateway}`],
        ...list('dns', net.nameservers),
        ...list('dns-search', net.searchDomains),
      ],
    ],
    ['ipv6', [['method', 'ignore']]],
  ];
  return sections
    .filter(([, entries]) => entries.length > 0)
    .map(([name, entries]) => [`[${name}]`, ...entries.map(([k, v]) => `${k}=${v}`)].join('\n'))
    .join('\n\n')
    .concat('\n');
}

function mtu(net: StaticNetwork): [string, string][] {
  return net.mtu === undefined ? [] : [['mtu', String(net.mtu)]];
}

function list(key: string, values: readonly string[]): [string, string][] {
  return values.length === 0 ? [] : [[key, `${values.join(';')};`]];
}

export function nmKeyfile(net: StaticNetwork): InlineFile {
  return { path: nmKeyfilePath(net), mode: 0o600, content: nmKeyfileContent(net), secret: false };
}
