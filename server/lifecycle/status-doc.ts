/**
 * The document `GET /status` answers and `bootforge status` prints: every host of the inventory
 * (the served OUT's), in name order, with its lifecycle state (`pending` when it never reported),
 * and a summary. The contract's fields are name, roles, phase, since, message; the rest is extra.
 *   {"hosts":[{"name","roles","phase","since","message","bootLocal","updated","components","timeline"}],
 *    "summary":{"total","phases":{...},"text":"7/10 ready, 1 failed"}}
 */
import { compareStrings } from '../../encoders/order.js';
import type { Components, HostLifecycle, TimelineEntry } from './host-state.js';
import { SHOWN_PHASES, type ShownPhase } from './phases.js';

export interface StatusHost {
  name: string;
  roles: string[];
  phase: ShownPhase;
  /** ISO time the phase began; empty for a host that never reported. */
  since: string;
  message: string;
  bootLocal: boolean;
  updated: string;
  components: Components;
  timeline: TimelineEntry[];
  /** Present while the host's last word was a progress report (an install wait): also the message. */
  progress?: string;
}

export interface StatusSummary {
  total: number;
  phases: Record<ShownPhase, number>;
  text: string;
}

export interface StatusDocument {
  hosts: StatusHost[];
  summary: StatusSummary;
}

export interface InventoryHost {
  name: string;
  roles: readonly string[];
}

export function statusHost(host: InventoryHost, state: HostLifecycle | undefined): StatusHost {
  return {
    name: host.name,
    roles: [...host.roles],
    phase: state?.phase ?? 'pending',
    since: state?.since ?? '',
    message: state?.message ?? '',
    bootLocal: state?.bootLocal ?? false,
    updated: state?.updated ?? '',
    components: state?.components ?? {},
    timeline: state?.timeline ?? [],
    ...(state?.progress === undefined ? {} : { progress: state.progress }),
  };
}

/** `7/10 ready, 1 failed, 2 installing`: ready first, then the others that are not zero. */
export function summarize(hosts: readonly { phase: ShownPhase }[]): StatusSummary {
  const phases = Object.fromEntries(SHOWN_PHASES.map((p) => [p, 0])) as Record<ShownPhase, number>;
  for (const host of hosts) phases[host.phase] += 1;
  const order: ShownPhase[] = ['failed', 'booted', 'installed', 'installing', 'pending'];
  const rest = order.filter((p) => phases[p] > 0).map((p) => `${phases[p]} ${p}`);
  const text = [`${phases.ready}/${hosts.length} ready`, ...rest].join(', ');
  return { total: hosts.length, phases, text };
}

export function buildStatus(
  inventory: Iterable<InventoryHost>,
  stateOf: (name: string) => HostLifecycle | undefined,
): StatusDocument {
  const hosts = [...inventory]
    .map((h) => statusHost(h, stateOf(h.name)))
    .sort((a, b) => compareStrings(a.name, b.name));
  return { hosts, summary: summarize(hosts) };
}

/** The role group a host is shown in: its roles, sorted, joined (`etcd, master`). */
export function roleGroup(roles: readonly string[]): string {
  return roles.length === 0 ? '(no role)' : [...roles].sort(compareStrings).join(', ');
}

const ROLE_ORDER = ['etcd', 'master', 'node'];

/** Groups in display order: control-plane roles first, then by name. */
export function groupByRole<H extends { roles: readonly string[] }>(hosts: readonly H[]): [string, H[]][] {
  const groups = new Map<string, H[]>();
  for (const host of hosts) {
    const key = roleGroup(host.roles);
    groups.set(key, [...(groups.get(key) ?? []), host]);
  }
  const rank = (key: string): number => {
    const first = key.split(', ')[0] ?? '';
    const index = ROLE_ORDER.indexOf(first);
    return index === -1 ? ROLE_ORDER.length : index;
  };
  return [...groups].sort(([a], [b]) => rank(a) - rank(b) || compareStrings(a, b));
}
