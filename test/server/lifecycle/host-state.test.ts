import { describe, expect, it } from 'vitest';
import { parseReport } from '../../../server/lifecycle/report-body.js';
import {
  applyEvent,
  applyProgress,
  replay,
  TIMELINE_LIMIT,
  type HostLifecycle,
  type LifecycleEvent,
} from '../../../server/lifecycle/host-state.js';
import { isOnDisk, PHASES, type Phase } from '../../../server/lifecycle/phases.js';

let clock = 0;
const at = (): string => new Date(Date.UTC(2026, 11, 2, 13, 0, clock++)).toISOString();
const report = (phase: Phase, message: string = phase, host = 'a'): LifecycleEvent => ({
  type: 'report',
  host,
  at: at(),
  phase,
  message,
  components: {},
});
const reinstall = (host = 'a'): LifecycleEvent => ({ type: 'reinstall', host, at: at(), by: 'cli' });

function walk(...events: LifecycleEvent[]): HostLifecycle {
  const state = replay(events).get('a');
  if (state === undefined) throw new Error('no state');
  return state;
}

describe('the install state machine', () => {
  it('walks installing < installed < booted < ready, with since at each change and a timeline', () => {
    const events = ['installing', 'installed', 'booted', 'ready'].map((p) => report(p as Phase));
    const states = events.reduce<HostLifecycle[]>(
      (list, e) => [...list, applyEvent(list[list.length - 1], e)],
      [],
    );
    expect(states.map((s) => s.phase)).toEqual(['installing', 'installed', 'booted', 'ready']);
    expect(states.map((s) => s.bootLocal)).toEqual([false, true, true, true]);
    expect(states.map((s) => s.since)).toEqual(events.map((e) => e.at));
    expect(states[3]?.timeline.map((t) => t.phase)).toEqual(['installing', 'installed', 'booted', 'ready']);
    expect(states[3]?.reports).toBe(4);
  });

  it('keeps since when the same phase is reported again, and takes the new message', () => {
    const first = report('installing', 'pre');
    const state = walk(first, report('installing', 'still'));
    expect(state.since).toBe(first.at);
    expect(state.message).toBe('still');
    expect(state.timeline).toHaveLength(1);
    expect(state.reports).toBe(2);
  });

  it('installed or any later phase means the disk holds an OS; failed and installing do not', () => {
    expect(PHASES.filter(isOnDisk)).toEqual(['installed', 'booted', 'ready']);
    expect(walk(report('booted')).bootLocal).toBe(true);
    expect(walk(report('ready')).bootLocal).toBe(true);
    expect(walk(report('installing')).bootLocal).toBe(false);
  });

  it('a failure during the install keeps the installer armed', () => {
    const state = walk(report('installing'), report('failed', '%pre: disk not found'));
    expect(state.phase).toBe('failed');
    expect(state.message).toBe('%pre: disk not found');
    expect(state.bootLocal).toBe(false);
  });

  it('a failure after the install boots the disk, and the host recovers to ready', () => {
    const failed = walk(
      report('installing'),
      report('installed'),
      report('booted'),
      report('failed', 'kubelet'),
    );
    expect(failed.phase).toBe('failed');
    expect(failed.bootLocal).toBe(true);
    const recovered = applyEvent(failed, report('ready', 'all components up'));
    expect(recovered.phase).toBe('ready');
    expect(recovered.message).toBe('all components up');
    expect(recovered.timeline.map((t) => t.phase)).toEqual([
      'installing',
      'installed',
      'booted',
      'failed',
      'ready',
    ]);
  });

  it('reports out of order: the last one is what the host says now; boot-once never goes back by itself', () => {
    const state = walk(report('installed'), report('installing'));
    expect(state.phase).toBe('installing');
    expect(state.bootLocal).toBe(true);
    // A reboot of a ready host: booted again, then ready.
    const rebooted = walk(report('ready'), report('booted'));
    expect(rebooted.phase).toBe('booted');
    expect(rebooted.bootLocal).toBe(true);
  });

  it('reinstall re-arms: pending, installer again, and the next installed arms boot-once again', () => {
    const rearmed = walk(report('installing'), report('installed'), report('ready'), reinstall());
    expect(rearmed.phase).toBe('pending');
    expect(rearmed.bootLocal).toBe(false);
    expect(rearmed.message).toBe('re-armed for installation (cli)');
    expect(rearmed.components).toEqual({});
    const again = applyEvent(applyEvent(rearmed, report('installing')), report('installed'));
    expect(again.bootLocal).toBe(true);
    expect(again.timeline.map((t) => t.phase)).toEqual([
      'installing',
      'installed',
      'ready',
      'pending',
      'installing',
      'installed',
    ]);
  });

  it('hosts are independent, and the timeline is bounded', () => {
    const hosts = replay([report('installed', 'x', 'a'), report('installing', 'y', 'b')]);
    expect(hosts.get('a')?.bootLocal).toBe(true);
    expect(hosts.get('b')?.bootLocal).toBe(false);
    const many: LifecycleEvent[] = [];
    for (let i = 0; i < TIMELINE_LIMIT + 10; i++) many.push(report(i % 2 === 0 ? 'booted' : 'ready'));
    const state = walk(...many);
    expect(state.timeline).toHaveLength(TIMELINE_LIMIT);
    expect(state.timeline[TIMELINE_LIMIT - 1]?.at).toBe(many[many.length - 1]?.at);
  });
});

describe('progress reports (install waits)', () => {
  it('keep the phase, since, timeline and boot-once; become the message; the next report ends them', () => {
    const booted = walk(report('installed'), report('booted', 'up'));
    const waiting = applyProgress(booted, 'waiting for etcd (attempt 5, next try in 60 s)', at());
    expect(waiting).toMatchObject({
      phase: 'booted',
      since: booted.since,
      timeline: booted.timeline,
      bootLocal: true,
      message: 'waiting for etcd (attempt 5, next try in 60 s)',
      progress: 'waiting for etcd (attempt 5, next try in 60 s)',
      reports: booted.reports + 1,
    });
    const ready = applyEvent(waiting, report('ready', 'ready (node)'));
    expect(ready.progress).toBeUndefined();
    expect(ready).toMatchObject({ phase: 'ready', message: 'ready (node)' });
  });

  it('from a host that never reported: still pending, installer still armed', () => {
    expect(applyProgress(undefined, 'waiting for kubelet (attempt 1, next try in 2 s)', at())).toMatchObject({
      phase: 'pending',
      bootLocal: false,
      timeline: [],
      message: 'waiting for kubelet (attempt 1, next try in 2 s)',
    });
  });
});

describe('the progress report body', () => {
  const parse = (body: object): ReturnType<typeof parseReport> =>
    parseReport(Buffer.from(JSON.stringify(body)));
  it('is {"progress": "..."} without a phase; one line, at most 200 characters', () => {
    expect(parse({ progress: 'waiting for etcd (attempt 2, next try in 4 s)' })).toEqual({
      progress: 'waiting for etcd (attempt 2, next try in 4 s)',
    });
    expect(parse({ progress: 'first\nsecond' })).toEqual({ progress: 'first' });
    expect(parse({ progress: 'x'.repeat(300) })).toEqual({ progress: `${'x'.repeat(200)}...` });
  });
  it('a phase wins: an ordinary report that also says progress is an ordinary report', () => {
    expect(parse({ phase: 'booted', progress: 'p' })).toMatchObject({ phase: 'booted', message: '' });
  });
  it('neither phase nor progress is refused, naming both', () => {
    expect(parse({ message: 'm' })).toMatch(/no "phase" \(or "progress"\)/);
    expect(parse({ progress: 5 })).toMatch(/no "phase"/);
  });
});
