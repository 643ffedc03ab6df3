/**
 * A worker's side of what the primary coordinates: the two-step reload (load beside, then swap
 * when every worker has the same OUT), the metrics gathered from every worker, and reload requests
 * that arrive at this worker (POST /_bootforge/reload) sent on to the primary.
 */
import { Metrics, type MetricsCounters } from '../metrics.js';
import type { ReloadResult, SnapshotStore } from '../snapshot-store.js';
import type { Json, StateClient } from '../state/channel.js';
import { snapshotDigest } from './snapshot-digest.js';

export const METHODS = {
  prepare: 'snapshot.prepare',
  commit: 'snapshot.commit',
  abort: 'snapshot.abort',
  reload: 'snapshot.reload',
  counters: 'metrics.counters',
  gather: 'metrics.gather',
  /** primary -> every worker: reopen the access log (after SIGHUP or a rotation). */
  logReopen: 'log.reopen',
  /** worker -> primary: the access log reached --access-log-max-size; rotate it. */
  logRotate: 'log.rotate',
} as const;

export type PrepareAnswer =
  { ok: true; digest: string; files: number; hosts: number } | { ok: false; reason: string };

function generationOf(body: Json): number {
  const value = typeof body === 'object' && body !== null && !Array.isArray(body) ? body['generation'] : null;
  if (typeof value !== 'number') throw new Error('expected a generation');
  return value;
}

export interface WorkerLink {
  reload(cause: string): Promise<ReloadResult>;
  /** Every worker's counters, merged (and the primary's reload failures). */
  metrics(): Promise<Metrics>;
}

export function linkWorker(client: StateClient, store: SnapshotStore, metrics: Metrics): WorkerLink {
  client.answer(METHODS.prepare, async (body): Promise<PrepareAnswer> => {
    try {
      const next = await store.prepare(generationOf(body));
      return { ok: true, digest: snapshotDigest(next), files: next.files.size, hosts: next.hosts.size };
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
  });
  client.answer(METHODS.commit, (body) => store.commit(generationOf(body)));
  client.answer(METHODS.abort, () => {
    store.abort();
    return null;
  });
  client.answer(METHODS.counters, () => metrics.counters() as unknown as Json);
  return {
    reload: async (cause) => (await client.call(METHODS.reload, cause)) as unknown as ReloadResult,
    metrics: async () => Metrics.merged((await client.call(METHODS.gather)) as unknown as MetricsCounters[]),
  };
}
