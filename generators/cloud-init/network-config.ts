/**
 * NoCloud network-config, version 1. v1 is what CentOS 7's cloud-init 19.4 renders most reliably
 * to ifcfg files and what EL9's 23.x still reads; the interface is matched by MAC and renamed to
 * the configured name (by name alone when the inventory gives no MAC). Integer version, no top-level `network:` key (it breaks 19.4).
 */
import type { StaticNetwork } from '../../host/host-config.js';
import { toYaml } from '../shared/yaml.js';

export function networkConfigDocument(net: StaticNetwork): Record<string, unknown> {
  const subnet: Record<string, unknown> = {
    type: 'static',
    address: net.address,
    netmask: net.netmask,
    gateway: net.gateway,
  };
  if (net.nameservers.length > 0) subnet['dns_nameservers'] = [...net.nameservers];
  if (net.searchDomains.length > 0) subnet['dns_search'] = [...net.searchDomains];
  const physical: Record<string, unknown> = { type: 'physical', name: net.interface };
  if (net.mac !== undefined) physical['mac_address'] = net.mac.toLowerCase();
  if (net.mtu !== undefined) physical['mtu'] = net.mtu;
  physical['subnets'] = [subnet];
  return { version: 1, config: [physical] };
}

export function renderNetworkConfig(net: StaticNetwork): string {
  return toYaml(networkConfigDocument(net));
}
