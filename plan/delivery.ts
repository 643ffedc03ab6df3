/**
 * Which delivery a host has: the kinds formats are registered under (a `cloud:<provider>` target
 * is the `cloud` kind for that provider). Read by synth() to pick each host's formats and by the
 * formats that list hosts (dnsmasq, nginx, cloud sizes).
 */
import type { CloudProvider, DeliveryTarget } from '../inventory/model.js';
import type { ClusterPlan, HostPlan } from './model.js';

export type DeliveryKind = 'pxe' | 'iso' | 'vsphere' | 'bundle' | 'cloud';

export function deliveryKind(target: DeliveryTarget): DeliveryKind {
  return target.startsWith('cloud:') ? 'cloud' : (target as DeliveryKind);
}

export function delivers(host: Pick<HostPlan, 'delivery'>, kind: DeliveryKind): boolean {
  return host.delivery.some((t) => deliveryKind(t) === kind);
}

/** The cloud providers a host's user-data is rendered for, in its delivery's order. */
export function cloudProviders(host: Pick<HostPlan, 'delivery'>): CloudProvider[] {
  return host.delivery.filter((t) => t.startsWith('cloud:')).map((t) => t.slice(6) as CloudProvider);
}

/** A host delivered by PXE: validation guarantees its MAC. */
export type PxeHost = HostPlan & { mac: string };

/** The hosts delivered by PXE, in inventory order (dnsmasq reservations, nginx per-MAC routes). */
export function pxeHosts(plan: ClusterPlan): PxeHost[] {
  return plan.hosts.filter((h): h is PxeHost => {
    if (!delivers(h, 'pxe')) return false;
    if (h.mac === undefined) throw new Error(`pxeHosts: ${h.name} is delivered by pxe without a MAC`);
    return true;
  });
}
