/**
 * The install state machine of one host, as a pure reducer over its events (a report from the
 * host, or the operator re-arming it). The event log (event-log.ts) is the truth; this is what
 * replaying it gives.
 *
 * - The phase shown is the one the host reported last: a ready host that reboots says `booted`,
 *   then `ready` again; a failed host that recovers says so. `since` is when that phase began
 *   (the same phase reported again keeps it and refreshes the message).
 * - Boot once: `bootLocal` turns true with the first `installed`, `booted` or `ready` report and
 *   stays true whatever the host reports next (an `installing` or `failed` report afterwards does
 *   not make serve hand out the installer again: the disk holds an OS); only a reinstall (the
 *   operator's `bootforge reinstall`) turns it false. A failure before any installed report keeps
 *   the installer armed: the disk has nothing to boot.
 */
import type { Json } from '../state/channel.js';
import { isOnDisk, type Phase, type ShownPhase } from './phases.js';

export type Components = { [name: string]: Json };

export type LifecycleEvent =
  | {
      type: 'report';
      host: string;
      /** ISO time the server accepted it. */
      at: string;
      phase: Phase;
      message: string;
      components: Components;
    }
  | {
      type: 'reinstall';
      host: string;
      at: string;
      /** Who re-armed it: `cli`, `admin` (the loopback endpoint). */
      by: string;
      /** The CLI request this applied (server/lifecycle/inbox.ts), so a crash never applies it twice. */
      request?: string;
    };

export interface TimelineEntry {
  phase: ShownPhase;
  at: string;
  message: string;
}

export interface HostLifecycle {
  phase: ShownPhase;
  /** When the current phase began. */
  since: string;
  /** The last event's time. */
  updated: string;
  message: string;
  /** What the host's last report said of its components (etcd, flannel, kubelet, the failing unit, ...). */
  components: Components;
  /** Serve answers this host's boot entries with a local-disk boot. */
  bootLocal: boolean;
  /** Phase changes, oldest first, the last TIMELINE_LIMIT of them. */
  timeline: TimelineEntry[];
  /** Reports accepted for this host since the state began. */
  reports: number;
  /**
   * What the host said last within its phase (a progress report: an install wait), also shown
   * as `message`; gone with its next phase report. Not in the event log: it is transient.
   */
  progress?: string;
}

export const TIMELINE_LIMIT = 50;

/** A host that has not reported: its installer is armed. */
export function pendingHost(at = ''): HostLifecycle {
  return {
    phase: 'pending',
    since: at,
    updated: at,
    message: '',
    components: {},
    bootLocal: false,
    timeline: [],
    reports: 0,
  };
}

function withTimeline(timeline: readonly TimelineEntry[], entry: TimelineEntry): TimelineEntry[] {
  return [...timeline, entry].slice(-TIMELINE_LIMIT);
}

/** The host's state after `event`; `state` is undefined for a host with no event yet. */
export function applyEvent(state: HostLifecycle | undefined, event: LifecycleEvent): HostLifecycle {
  const before = state ?? pendingHost();
  if (event.type === 'reinstall') {
    const message = `re-armed for installation (${event.by})`;
    return {
      phase: 'pending',
      since: event.at,
      updated: event.at,
      message,
      components: {},
      bootLocal: false,
      timeline: withTimeline(before.timeline, { phase: 'pending', at: event.at, message }),
      reports: before.reports,
    };
  }
  const changed = event.phase !== before.phase;
  return {
    phase: event.phase,
    since: changed ? event.at : before.since,
    updated: event.at,
    message: event.message,
    components: event.components,
    bootLocal: before.bootLocal || isOnDisk(event.phase),
    timeline: changed
      ? withTimeline(before.timeline, { phase: event.phase, at: event.at, message: event.message })
      : before.timeline,
    reports: before.reports + 1,
  };
}

/** The host's state after a progress report: same phase, since and timeline; the message is it. */
export function applyProgress(state: HostLifecycle | undefined, progress: string, at: string): HostLifecycle {
  const before = state ?? pendingHost();
  return { ...before, updated: at, message: progress, progress, reports: before.reports + 1 };
}

/** Every host's state after `events`, in order. */
export function replay(events: Iterable<LifecycleEvent>): Map<string, HostLifecycle> {
  const hosts = new Map<string, HostLifecycle>();
  for (const event of events) hosts.set(event.host, applyEvent(hosts.get(event.host), event));
  return hosts;
}
