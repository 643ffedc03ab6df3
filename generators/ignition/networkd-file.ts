/**
 * systemd-networkd .network file for the host's static address (families whose network flavour
 * is systemd-networkd: Flatcar), matched by MAC so it applies whatever name the NIC gets (by
 * interface name when the inventory gives no MAC). Written to
 * /etc/systemd/network/00-<iface>.network: `00-` sorts before the OS's own catch-all DHCP file
 * (Flatcar's zz-default.network), and networkd applies the first file that matches.
 */
import type { InlineFile, StaticNetwork } from '../../host/host-config.js';

export function networkdFilePath(net: StaticNetwork): string {
  return `/etc/systemd/network/00-${net.interface}.network`;
}

export function networkdFileContent(net: StaticNetwork): string {
  const sections: [string, [string, string][]][] = [
    ['Match', [net.mac === undefined ? ['Name', net.interface] : ['MACAddress', net.mac.toLowerCase()]]],
    ['Link', net.mtu === undefined ? [] : [['MTUBytes', String(net.mtu)]]],
    [
      'Network',
      [
        ['Address', `${net.address}/${net.prefixLength}`],
        ['Gateway', net.gateway],
        ...net.nameservers.map((ns): [string, string] => ['DNS', ns]),
        ...(net.searchDomains.length === 0
          ? []
          : [['Domains', net.searchDomains.join(' ')] as [string, string]]),
        ['DHCP', 'no'],
        ['IPv6AcceptRA', 'no'],
      ],
    ],
  ];
  return sections
    .filter(([, entries]) => entries.length > 0)
    .map(([name, entries]) => [`[${name}]`, ...entries.map(([k, v]) => `${k}=${v}`)].join('\n'))
    .join('\n\n')
    .concat('\n');
}

export function networkdFile(net: StaticNetwork): InlineFile {
  return { path: networkdFilePath(net), mode: 0o644, content: networkdFileContent(net), secret: false };
}
