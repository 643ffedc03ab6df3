/** The static `network` line, and on CentOS 7 the DNS search domains its network command cannot set. */
import type { StaticNetwork } from '../../host/host-config.js';
import type { KickstartSyntax } from '../../os/family.js';
import { shellQuote } from '../shared/shell-quote.js';
import { command, opt, type KsCommand } from './command.js';

export function networkCommand(net: StaticNetwork, hostname: string, syntax: KickstartSyntax): KsCommand {
  const tokens = [
    // By MAC when known (whatever name the installer gives the NIC), else by name.
    opt('--device', net.mac?.toLowerCase() ?? net.interface),
    opt('--bootproto', 'static'),
    opt('--ip', net.address),
    opt('--netmask', net.netmask),
    opt('--gateway', net.gateway),
  ];
  if (net.nameservers.length > 0) tokens.push(opt('--nameserver', net.nameservers.join(',')));
  if (syntax !== 'RHEL7' && net.searchDomains.length > 0)
    tokens.push(opt('--ipv4-dns-search', net.searchDomains.join(',')));
  if (net.mtu !== undefined) tokens.push(opt('--mtu', String(net.mtu)));
  tokens.push(opt('--hostname', hostname), opt('--activate'), opt('--onboot', 'yes'));
  return command('network', ...tokens);
}

/** %post lines for CentOS 7: DOMAIN= in the ifcfg file of the interface (by MAC or name). */
export function centos7SearchDomainLines(net: StaticNetwork): string[] {
  if (net.searchDomains.length === 0) return [];
  const device = `DEVICE="?${net.interface}"?$`;
  const mac = net.mac?.toLowerCase().replaceAll(':', '\\:');
  const pattern = mac === undefined ? `^${device}` : `^(HWADDR="?${mac}|${device})`;
  return [
    '# The RHEL 7 network command has no DNS search option: add DOMAIN to the interface file.',
    'for ifcfg in /etc/sysconfig/network-scripts/ifcfg-*; do',
    `  if grep -Eqi ${shellQuote(pattern)} "$ifcfg"; then`,
    `    echo ${shellQuote(`DOMAIN="${net.searchDomains.join(' ')}"`)} >>"$ifcfg"`,
    '  fi',
    'done',
  ];
}
