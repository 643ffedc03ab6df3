/** `/metrics` lines of the lifecycle: how many of the served OUT's hosts are in each phase. */
import type { HostLifecycle } from './host-state.js';
import { SHOWN_PHASES } from './phases.js';

export function lifecycleMetrics(
  hosts: Iterable<string>,
  stateOf: (host: string) => HostLifecycle | undefined,
): string {
  const counts = new Map(SHOWN_PHASES.map((p) => [p, 0]));
  let local = 0;
  for (const host of hosts) {
    const state = stateOf(host);
    const phase = state?.phase ?? 'pending';
    counts.set(phase, (counts.get(phase) ?? 0) + 1);
    if (state?.bootLocal === true) local += 1;
  }
  const lines = [
    '# HELP bootforge_hosts Hosts of the served inventory by install phase (pending: no report since armed).',
    '# TYPE bootforge_hosts gauge',
    ...SHOWN_PHASES.map((phase) => `bootforge_hosts{phase="${phase}"} ${counts.get(phase) ?? 0}`),
    '# HELP bootforge_hosts_boot_local Hosts whose boot entries serve answers with a local-disk boot.',
    '# TYPE bootforge_hosts_boot_local gauge',
    `bootforge_hosts_boot_local ${local}`,
  ];
  return `${lines.join('\n')}\n`;
}
