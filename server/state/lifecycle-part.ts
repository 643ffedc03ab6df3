/**
 * The install lifecycle as shared state (server/state/channel.ts): the writer half, in the one
 * writer process, owns the state directory (writer.pid), the event log and the per-host rate
 * limit; it appends every accepted report and reinstall, fsyncs, applies it and publishes the
 * host's new state. The reader half, in every serving process, keeps a replica of every host's
 * state (boot-once answers from it synchronously; /status, /ui and /metrics read it) and sends
 * reports and reinstalls to the writer.
 */
import { mkdir } from 'node:fs/promises';
import {
  replay,
  applyEvent,
  applyProgress,
  type HostLifecycle,
  type LifecycleEvent,
} from '../lifecycle/host-state.js';
import { EventLog } from '../lifecycle/event-log.js';
import { pendingRequests, removeRequest } from '../lifecycle/inbox.js';
import { DEFAULT_REPORT_RATE, HostRateLimiter, type RateLimit } from '../lifecycle/rate-limit.js';
import type { Report } from '../lifecycle/report-body.js';
import { acquireWriterLock, type WriterLock } from '../lifecycle/writer-lock.js';
import type { Json, StatePart } from './channel.js';

export type ReportAnswer = { accepted: true; state: HostLifecycle } | { accepted: false; retryAfter: number };

export type ChangeType = LifecycleEvent['type'] | 'progress';
export type ChangeListener = (host: string, state: HostLifecycle, event: ChangeType) => void;

export interface Lifecycle {
  /** The replica's state of one host (undefined: it never reported). */
  host(name: string): HostLifecycle | undefined;
  all(): ReadonlyMap<string, HostLifecycle>;
  /** Accepted reports are on disk when this resolves. */
  report(host: string, report: Report): Promise<ReportAnswer>;
  /** A progress report: published, rate-limited (its own budget), never written to the event log. */
  progress(host: string, progress: string): Promise<ReportAnswer>;
  reinstall(host: string, by: string): Promise<HostLifecycle>;
  /** Called for every change the writer publishes, after the replica applied it. */
  onChange(listener: ChangeListener): () => void;
}

export interface LifecycleOptions {
  stateDir: string;
  rate?: RateLimit;
  /** How often the writer looks for `bootforge reinstall` requests (ms). Default 500. */
  inboxPollMs?: number;
  now?: () => number;
}

interface Change {
  seq: number;
  host: string;
  type: ChangeType;
  state: HostLifecycle;
}

const toJson = <T>(value: T): Json => value as unknown as Json;

function field(body: Json, key: string): Json | undefined {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? body[key] : undefined;
}

function text(body: Json, key: string): string {
  const value = field(body, key);
  if (typeof value !== 'string') throw new Error(`expected "${key}"`);
  return value;
}

export function lifecyclePart(options: LifecycleOptions): StatePart<Lifecycle> {
  const now = options.now ?? Date.now;
  let log: EventLog | undefined;
  let lock: WriterLock | undefined;
  let timer: NodeJS.Timeout | undefined;
  let draining: Promise<void> | undefined;

  return {
    name: 'lifecycle',
    async writer(writer, context) {
      const { stateDir } = options;
      await mkdir(stateDir, { recursive: true, mode: 0o700 });
      lock = await acquireWriterLock(stateDir);
      let opened: Awaited<ReturnType<typeof EventLog.open>>;
      try {
        opened = await EventLog.open(stateDir);
      } catch (error) {
        await lock.release();
        throw error;
      }
      const eventLog = opened.log;
      log = eventLog;
      const { events, tornBytes } = opened.contents;
      if (tornBytes > 0)
        context.event({ event: 'lifecycle-torn-line', path: eventLog.path, bytes: tornBytes });
      const hosts = replay(events);
      const applied = new Set(
        events.flatMap((e) => (e.type === 'reinstall' && e.request ? [e.request] : [])),
      );
      let seq = events.length;
      context.event({
        event: 'lifecycle-state',
        path: eventLog.path,
        events: events.length,
        hosts: hosts.size,
      });
      const limiter = new HostRateLimiter(options.rate ?? DEFAULT_REPORT_RATE);
      // Progress has its own budget: a host's waits never cost it the phase report that follows.
      const progressLimiter = new HostRateLimiter(options.rate ?? DEFAULT_REPORT_RATE);

      const record = async (event: LifecycleEvent): Promise<HostLifecycle> => {
        await eventLog.append(event);
        const state = applyEvent(hosts.get(event.host), event);
        hosts.set(event.host, state);
        seq += 1;
        const change: Change = { seq, host: event.host, type: event.type, state };
        writer.publish('lifecycle.changed', toJson(change));
        context.event({
          event: `lifecycle-${event.type}`,
          host: event.host,
          ...(event.type === 'report' ? { phase: event.phase } : { by: event.by }),
        });
        return state;
      };
      const at = (): string => new Date(now()).toISOString();

      writer.handle('lifecycle.snapshot', () => toJson({ seq, hosts: Object.fromEntries(hosts) }));
      writer.handle('lifecycle.report', async (body) => {
        const host = text(body, 'host');
        const retryAfter = limiter.take(host, now());
        if (retryAfter > 0) return toJson({ accepted: false, retryAfter });
        const report = field(body, 'report') as unknown as Report;
        const state = await record({
          type: 'report',
          host,
          at: at(),
          phase: report.phase,
          message: report.message,
          components: report.components,
        });
        return toJson({ accepted: true, state });
      });
      writer.handle('lifecycle.progress', (body) => {
        const host = text(body, 'host');
        const retryAfter = progressLimiter.take(host, now());
        if (retryAfter > 0) return toJson({ accepted: false, retryAfter });
        const state = applyProgress(hosts.get(host), text(body, 'progress'), at());
        hosts.set(host, state);
        seq += 1;
        writer.publish('lifecycle.changed', toJson({ seq, host, type: 'progress', state } satisfies Change));
        return toJson({ accepted: true, state });
      });
      writer.handle('lifecycle.reinstall', async (body) =>
        toJson(await record({ type: 'reinstall', host: text(body, 'host'), at: at(), by: text(body, 'by') })),
      );

      const drainInbox = async (): Promise<void> => {
        for (const request of await pendingRequests(stateDir)) {
          if (!applied.has(request.id)) {
            await record({
              type: 'reinstall',
              host: request.host,
              at: at(),
              by: request.by,
              request: request.id,
            });
            applied.add(request.id);
          }
          await removeRequest(stateDir, request.id);
        }
      };
      await drainInbox();
      timer = setInterval(() => {
        draining ??= drainInbox()
          .catch((error: unknown) =>
            context.event({
              event: 'lifecycle-inbox-error',
              reason: error instanceof Error ? error.message : String(error),
            }),
          )
          .finally(() => (draining = undefined));
      }, options.inboxPollMs ?? 500);
      timer.unref();
    },

    async reader(client) {
      const hosts = new Map<string, HostLifecycle>();
      const listeners = new Set<ChangeListener>();
      let seq = -1;
      const early: Change[] = [];
      const apply = (change: Change): void => {
        if (change.seq <= seq) return;
        seq = change.seq;
        hosts.set(change.host, change.state);
        for (const listener of listeners) listener(change.host, change.state, change.type);
      };
      // Subscribe before asking for the snapshot: nothing published in between is missed.
      client.subscribe('lifecycle.changed', (body) => {
        const change = body as unknown as Change;
        if (seq < 0) early.push(change);
        else apply(change);
      });
      const first = (await client.call('lifecycle.snapshot')) as unknown as {
        seq: number;
        hosts: Record<string, HostLifecycle>;
      };
      for (const [name, state] of Object.entries(first.hosts)) hosts.set(name, state);
      seq = first.seq;
      for (const change of early.splice(0)) apply(change);

      return {
        host: (name) => hosts.get(name),
        all: () => hosts,
        report: async (host, report) =>
          (await client.call('lifecycle.report', toJson({ host, report }))) as unknown as ReportAnswer,
        progress: async (host, progress) =>
          (await client.call('lifecycle.progress', { host, progress })) as unknown as ReportAnswer,
        reinstall: async (host, by) =>
          (await client.call('lifecycle.reinstall', { host, by })) as unknown as HostLifecycle,
        onChange: (listener) => {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      };
    },

    async close() {
      if (timer) clearInterval(timer);
      while (draining) await draining;
      await log?.close();
      await lock?.release();
    },
  };
}
