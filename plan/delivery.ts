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

/**
 * The inventory path of the delivery entry that asks for `target` on the host at `index`: the
 * host's own `delivery` list when it has one that differs from the cluster's, else
 * cluster.delivery (defaults copy the cluster's list into a host that has none). A diagnostic
 * about what a delivery target cannot carry points there; `hosts[index]` when neither lists it.
 */
export function deliveryPath(plan: ClusterPlan, index: number, target: DeliveryTarget): string {
  const own = plan.inventory.hosts[index]?.delivery ?? [];
  const cluster = plan.inventory.cluster.delivery;
  const inherited = own.length === cluster.length && own.every((t, i) => t === cluster[i]);
  const k = (inherited ? cluster : own).indexOf(target);
  if (k < 0) return `hosts[${index}]`;
  return inherited ? `cluster.delivery[${k}]` : `hosts[${index}].delivery[${k}]`;
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
