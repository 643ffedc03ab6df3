/**
 * `pxe/dnsmasq.conf`: DHCP + TFTP that take a machine from its firmware to `boot.ipxe`.
 *
 * Chain: the firmware PXE ROM gets iPXE over TFTP (`undionly.kpxe` for BIOS, `ipxe.efi` for
 * x86-64 UEFI, chosen by DHCP option 93 client-arch); iPXE then asks again with user-class
 * `iPXE` and is given `<bootServer>/pxe/boot.ipxe` over HTTP instead, which breaks the loop.
 *
 * Two modes (optional `cluster.install.dhcpMode`):
 * - `static` (default): dnsmasq is the DHCP server; only the inventory's MACs get an address
 *   (`dhcp-range=<network>,static` plus one `dhcp-host=<mac>,<ip>,<name>` each).
 * - `proxy`: another DHCP server hands out addresses; dnsmasq only adds the PXE boot answer
 *   (`dhcp-range=<network>,proxy` and `pxe-service` lines).
 * DNS is switched off (`port=0`): the hosts use cluster.network.nameservers.
 * The TFTP root (optional `cluster.install.tftpRoot`, default /var/lib/tftpboot) must hold
 * undionly.kpxe and ipxe.efi from the iPXE project. Optional `cluster.install.dhcpInterface`
 * limits dnsmasq to the boot server's interface on the hosts' network.
 */
import { DHCP_MODES, type DhcpMode } from '../../inventory/model.js';
import type { ClusterPlan } from '../../plan/model.js';

export { DHCP_MODES, type DhcpMode };

export interface DnsmasqHost {
  name: string;
  mac: string;
  ip: string;
}

export interface DnsmasqSettings {
  mode: DhcpMode;
  tftpRoot: string;
  /** Network address and netmask of cluster.network.cidr. */
  network: string;
  netmask: string;
  gateway: string;
  nameservers: readonly string[];
  searchDomains: readonly string[];
  bootScriptURL: string;
  clusterName: string;
  interface?: string;
}

export function resolveDnsmasqSettings(plan: ClusterPlan): DnsmasqSettings {
  const { dhcp, bootServer } = plan.boot;
  const hostNetwork = plan.inventory.cluster.network;
  return {
    mode: dhcp.mode,
    tftpRoot: dhcp.tftpRoot,
    network: dhcp.network,
    netmask: dhcp.netmask,
    gateway: hostNetwork.gateway,
    nameservers: hostNetwork.nameservers,
    searchDomains: hostNetwork.searchDomains,
    bootScriptURL: `${bootServer}/pxe/boot.ipxe`,
    clusterName: plan.name,
    ...(dhcp.interface === undefined ? {} : { interface: dhcp.interface }),
  };
}

/** dnsmasq reads one option per line; a value must not break the line or start a comment. */
function value(text: string): string {
  if (/[\r\n#]/.test(text) || text.trim() !== text || text === '') {
    throw new Error(`cannot put ${JSON.stringify(text)} into dnsmasq.conf`);
  }
  return text;
}

function dhcpLines(settings: DnsmasqSettings, hosts: readonly DnsmasqHost[]): string[] {
  const lines = [
    '# Static reservations: dnsmasq answers only the MACs below (no dynamic pool).',
    `dhcp-range=${value(settings.network)},static,${value(settings.netmask)},infinite`,
    `dhcp-option=option:router,${value(settings.gateway)}`,
  ];
  if (settings.nameservers.length > 0)
    lines.push(`dhcp-option=option:dns-server,${settings.nameservers.map(value).join(',')}`);
  if (settings.searchDomains.length > 0)
    lines.push(`dhcp-option=option:domain-search,${settings.searchDomains.map(value).join(',')}`);
  for (const host of hosts)
    lines.push(`dhcp-host=${value(host.mac)},${value(host.ip)},${value(host.name)},infinite`);
  lines.push(
    '',
    '# Client architecture (DHCP option 93): 0 = BIOS, 7 and 9 = x86-64 UEFI.',
    'dhcp-match=set:bios,option:client-arch,0',
    'dhcp-match=set:efi64,option:client-arch,7',
    'dhcp-match=set:efi64,option:client-arch,9',
    '# iPXE identifies itself by user-class; it gets the HTTP entry script instead of iPXE again.',
    'dhcp-userclass=set:ipxe,iPXE',
    'dhcp-boot=tag:!ipxe,tag:bios,undionly.kpxe',
    'dhcp-boot=tag:!ipxe,tag:efi64,ipxe.efi',
    `dhcp-boot=tag:ipxe,${value(settings.bootScriptURL)}`,
  );
  return lines;
}

function proxyLines(settings: DnsmasqSettings): string[] {
  const url = value(settings.bootScriptURL);
  return [
    '# Proxy DHCP: the existing DHCP server assigns addresses; dnsmasq adds only the boot answer.',
    `dhcp-range=${value(settings.network)},proxy,${value(settings.netmask)}`,
    '# iPXE identifies itself by user-class; it gets the HTTP entry script instead of iPXE again.',
    'dhcp-userclass=set:ipxe,iPXE',
    'pxe-prompt="bootforge",0',
    'pxe-service=tag:!ipxe,x86PC,"bootforge: load iPXE (BIOS)",undionly.kpxe',
    'pxe-service=tag:!ipxe,BC_EFI,"bootforge: load iPXE (UEFI)",ipxe.efi',
    'pxe-service=tag:!ipxe,x86-64_EFI,"bootforge: load iPXE (UEFI)",ipxe.efi',
    `pxe-service=tag:ipxe,x86PC,"bootforge: boot.ipxe",${url}`,
    `pxe-service=tag:ipxe,BC_EFI,"bootforge: boot.ipxe",${url}`,
    `pxe-service=tag:ipxe,x86-64_EFI,"bootforge: boot.ipxe",${url}`,
  ];
}

export function renderDnsmasqConfig(settings: DnsmasqSettings, hosts: readonly DnsmasqHost[]): string {
  const lines = [
    `# bootforge: dnsmasq for cluster ${settings.clusterName} (${settings.mode} DHCP).`,
    '# Run on the boot server: dnsmasq --conf-file=<this file> (check it with dnsmasq --test).',
    '# DNS off: hosts use the cluster nameservers.',
    'port=0',
    'log-dhcp',
    ...(settings.interface === undefined
      ? ['# Answers on every interface; set cluster.install.dhcpInterface to limit it to one.']
      : [`interface=${value(settings.interface)}`, 'bind-interfaces']),
    '',
    ...(settings.mode === 'proxy' ? proxyLines(settings) : dhcpLines(settings, hosts)),
    '',
    '# TFTP serves iPXE itself (undionly.kpxe, ipxe.efi from ipxe.org) to firmware PXE clients.',
    'enable-tftp',
    `tftp-root=${value(settings.tftpRoot)}`,
    '',
  ];
  return lines.join('\n');
}
