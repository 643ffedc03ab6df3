/**
 * The install lifecycle's phases, in order (../shared/contract.md "Install lifecycle"):
 * installing < installed < booted < ready; `failed` may come at any time. `pending` is no phase a
 * host reports: it is a host that has not reported since it was (re-)armed for installation.
 */
export const PHASES = ['installing', 'installed', 'booted', 'ready', 'failed'] as const;
export type Phase = (typeof PHASES)[number];
export type ShownPhase = Phase | 'pending';

/** Every phase /status and `bootforge status` show, in display order. */
export const SHOWN_PHASES: readonly ShownPhase[] = ['pending', ...PHASES];

export function isPhase(value: unknown): value is Phase {
  return typeof value === 'string' && (PHASES as readonly string[]).includes(value);
}

const ORDER: Readonly<Record<Exclude<Phase, 'failed'>, number>> = {
  installing: 0,
  installed: 1,
  booted: 2,
  ready: 3,
};

/** Position in the install order; `failed` has none. */
export function phaseRank(phase: Exclude<Phase, 'failed'>): number {
  return ORDER[phase];
}

/** The OS is on the disk from this phase on: the host must boot its disk, not the installer. */
export function isOnDisk(phase: Phase): boolean {
  return phase !== 'failed' && phaseRank(phase) >= ORDER.installed;
}
