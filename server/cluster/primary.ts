/**
 * `bootforge serve --workers N`: the primary. It holds the one copy of the shared state (every
 * StatePart's writer half: the one-shot ledger, and whatever server/state/parts.ts lists), forks
 * N workers that share the listening socket (node:cluster, each worker accepting for itself), and
 * is the only one deciding when OUT changes: it polls OUT and takes SIGHUP, then reloads every
 * worker in two steps (each loads the new OUT beside the one it serves and reports its digest;
 * only when all have the same digest does it tell them to swap), so all workers serve the same
 * generation of the same OUT. /metrics on any worker gathers every worker's counters. A worker
 * that dies is replaced.
 */
import cluster, { type Worker } from 'node:cluster';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LogSink } from '../access-log.js';
import { accessLogSize, rotateAccessLogs } from '../access-log-file.js';
import { loadSnapshot, sameStamp, statOut, type OutStamp } from '../load-snapshot.js';
import type { MetricsCounters } from '../metrics.js';
import type { ReloadResult } from '../snapshot-store.js';
import type { Json } from '../state/channel.js';
import { closeWriters, serverStateParts, startWriters } from '../state/parts.js';
import { describe, isClusterMessage, type ClusterMessage } from './messages.js';
import { PrimaryBus } from './primary-bus.js';
import { snapshotDigest } from './snapshot-digest.js';
import { METHODS, type PrepareAnswer } from './worker-link.js';

/** What every worker is started with (sent over IPC, never in the environment: it holds the TLS key). */
export interface WorkerOptions {
  outDir: string;
  assetsDir?: string;
  allowAnySource: boolean;
  oneShot: boolean;
  tls?: { cert: string; key: string };
  /** The access log's path; absent: stdout. */
  accessLog?: string;
  /** Rotate the access log at this size (bytes); the primary does, when a worker asks. */
  accessLogMaxBytes?: number;
  listen: { host: string; port: number };
  /** The lifecycle state directory: its writer half (and lock) lives in the primary. */
  stateDir: string;
  /** Networks besides loopback that may read /status and /ui. */
  adminAllow: string[];
  generation: number;
}

export interface ClusterOptions extends Omit<WorkerOptions, 'generation'> {
  workers: number;
  /** How often OUT is checked for a new version, in ms; 0: only on SIGHUP or the admin endpoint. */
  pollIntervalMs: number;
  /** The primary's own events (reloads, workers replaced), one JSON line each. */
  log: LogSink;
  /** How many rotated access logs to keep (access.log.1 ... .N). */
  accessLogKeep: number;
  /** The primary's own handle on the access log (its events): reopened with the workers'. */
  reopenLog?: () => void;
}

export interface ClusterServer {
  address: { address: string; family: string; port: number };
  hosts: number;
  files: number;
  workers(): number;
  /** Reloads every worker; `rearm` also re-arms every one-shot secret once they have. */
  reload(cause: string, rearm: boolean): Promise<ReloadResult>;
  /** Every process (this one and each worker) reopens the access log: after SIGHUP. */
  reopenLogs(): Promise<void>;
  close(): Promise<void>;
}

const ATTEMPTS = 5;
const STOP_TIMEOUT_MS = 15_000;
const RESPAWN_DELAY_MS = 500;

/** The compiled worker entry (also when this module runs from source, as under the tests). */
function workerEntry(): string {
  const here = fileURLToPath(import.meta.url);
  const beside = join(dirname(here), 'worker-main.js');
  if (here.endsWith('.js') || existsSync(beside)) return beside;
  return join(dirname(here), '..', '..', 'dist', 'server', 'cluster', 'worker-main.js');
}

export async function startCluster(options: ClusterOptions): Promise<ClusterServer> {
  const event = (fields: Record<string, Json>): void =>
    options.log(`${JSON.stringify({ time: new Date().toISOString(), ...fields })}\n`);
  // Checked here first, so a bad OUT is the same usage error as without workers (SnapshotLoadError).
  let stamp: OutStamp | undefined = await statOut(options.outDir).catch(() => undefined);
  const first = await loadSnapshot(options.outDir, 1);
  const summary = { hosts: first.hosts.size, files: first.files.size };
  let current = { generation: 1, digest: snapshotDigest(first) };

  const bus = new PrimaryBus();
  const parts = serverStateParts({ stateDir: options.stateDir });
  await startWriters(parts, bus.writer, { outDir: options.outDir, event });
  let reloadFailures = 0;
  let closing = false;

  const gatherPrepared = async (generation: number): Promise<PrepareAnswer[]> => {
    try {
      return (await bus.writer.gather(METHODS.prepare, { generation })) as PrepareAnswer[];
    } catch (error) {
      return [{ ok: false, reason: describe(error) }];
    }
  };
  const round = async (cause: string, rearm: boolean): Promise<ReloadResult> => {
    for (let attempt = 1; ; attempt++) {
      const before = await statOut(options.outDir).catch(() => undefined);
      const generation = current.generation + 1;
      const answers = await gatherPrepared(generation);
      const failed = answers.find((a): a is Extract<PrepareAnswer, { ok: false }> => !a.ok);
      const loaded = answers.filter((a): a is Extract<PrepareAnswer, { ok: true }> => a.ok);
      const digests = new Set(loaded.map((a) => a.digest));
      if (failed !== undefined || digests.size !== 1) {
        await bus.writer.gather(METHODS.abort).catch(() => undefined);
        const after = await statOut(options.outDir).catch(() => undefined);
        // OUT changed under the load (or the workers saw two versions): read it again.
        if (attempt < ATTEMPTS && (digests.size > 1 || !sameStamp(before, after))) continue;
        const reason =
          failed?.reason ??
          (digests.size === 0 ? 'no worker is running' : 'workers kept loading different versions of OUT');
        reloadFailures += 1;
        event({ event: 'reload-failed', cause, reason, generation: current.generation });
        return { ok: false, reason };
      }
      await bus.writer.gather(METHODS.commit, { generation });
      const [answer] = loaded;
      const digest = answer?.digest ?? '';
      const changed = digest !== current.digest;
      current = { generation, digest };
      stamp = before;
      event({
        event: 'reload',
        cause,
        generation,
        files: answer?.files ?? 0,
        hosts: answer?.hosts ?? 0,
        workers: loaded.length,
      });
      if (rearm) await bus.local.call('one-shot.rearm', null);
      return { ok: true, generation, changed };
    }
  };
  // One reload round at a time, in the order asked.
  let rounds: Promise<unknown> = Promise.resolve();
  const reload = (cause: string, rearm: boolean): Promise<ReloadResult> => {
    const next = rounds.then(() => round(cause, rearm));
    rounds = next.catch(() => undefined);
    return next;
  };
  bus.writer.handle(
    METHODS.reload,
    (body) => reload(typeof body === 'string' ? body : 'admin', true) as unknown as Promise<Json>,
  );
  // The access log: only this process renames (a worker over the size asks), then every process
  // reopens; requests that arrive while a rotation runs wait for it and find the file small.
  const reopenLogs = async (): Promise<void> => {
    options.reopenLog?.();
    await bus.writer
      .gather(METHODS.logReopen)
      .catch((error: unknown) => event({ event: 'log-reopen-failed', reason: describe(error) }));
  };
  let rotations: Promise<unknown> = Promise.resolve();
  const rotateLog = (): Promise<void> => {
    const { accessLog, accessLogMaxBytes } = options;
    const next = rotations.then(async () => {
      if (accessLog === undefined || accessLogMaxBytes === undefined) return;
      if (accessLogSize(accessLog) < accessLogMaxBytes) return;
      try {
        rotateAccessLogs(accessLog, options.accessLogKeep);
      } catch (error) {
        event({ event: 'log-rotate-failed', reason: describe(error) });
        return;
      }
      await reopenLogs();
    });
    rotations = next.catch(() => undefined);
    return next;
  };
  bus.writer.handle(METHODS.logRotate, async () => {
    await rotateLog();
    return null;
  });
  bus.writer.handle(METHODS.gather, async () => {
    const all = (await bus.writer.gather(METHODS.counters)) as unknown as MetricsCounters[];
    const primary: MetricsCounters = {
      requests: [],
      bytes: [],
      firstFetch: [],
      lastFetch: [],
      hostFetches: [],
      reloadFailures,
      inFlight: 0,
    };
    return [...all, primary] as unknown as Json;
  });

  // Each worker accepts on the shared socket itself (the kernel spreads the connections), rather
  // than the primary accepting every connection and handing it over.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  cluster.setupPrimary({ exec: workerEntry(), args: [], execArgv: [], silent: false });

  let address: ClusterServer['address'] | undefined;
  const live = new Set<Worker>();
  const fork = (): Promise<{ digest: string }> => {
    const worker = cluster.fork();
    live.add(worker);
    bus.attach(worker);
    const start: WorkerOptions = {
      ...workerFields(options),
      // The same address for every worker: node:cluster hands each the one socket bound for it
      // (with port 0, one port for all).
      listen: options.listen,
      generation: current.generation,
    };
    return new Promise((resolve, reject) => {
      const onMessage = (message: unknown): void => {
        if (!isClusterMessage(message)) return;
        if (message.bf === 'hello') {
          worker.send({ bf: 'start', options: start as unknown as Json } satisfies ClusterMessage);
        } else if (message.bf === 'ready') {
          worker.off('message', onMessage);
          address ??= { address: message.address, family: message.family, port: message.port };
          resolve({ digest: message.digest });
        } else if (message.bf === 'failed') {
          worker.off('message', onMessage);
          reject(new Error(message.reason));
        }
      };
      worker.on('message', onMessage);
      worker.once('exit', (code, signal) => {
        live.delete(worker);
        bus.detach(worker.id);
        reject(new Error(`worker exited (${signal ?? code}) before it was ready`));
        if (closing) return;
        event({ event: 'worker-exit', worker: worker.id, code, signal });
        setTimeout(() => void replace(), RESPAWN_DELAY_MS).unref();
      });
    });
  };
  // A replacement loads OUT as it is now; if that is not what the others serve, all reload.
  const replace = async (): Promise<void> => {
    if (closing) return;
    try {
      const { digest } = await fork();
      if (digest !== current.digest) await reload('worker-replaced', false);
    } catch (error) {
      event({ event: 'worker-failed', reason: describe(error) });
    }
  };
  const stopAll = async (): Promise<void> => {
    const exits = [...live].map((w) => new Promise<void>((done) => w.once('exit', () => done())));
    for (const worker of live) {
      if (worker.isConnected()) worker.send({ bf: 'shutdown' } satisfies ClusterMessage);
    }
    const timer = setTimeout(() => {
      for (const worker of live) worker.process.kill('SIGKILL');
    }, STOP_TIMEOUT_MS);
    await Promise.all(exits);
    clearTimeout(timer);
  };

  try {
    // The first worker binds the socket (and learns the port); the others join it.
    const digests = [await fork()];
    digests.push(...(await Promise.all(Array.from({ length: options.workers - 1 }, () => fork()))));
    if (digests.some((d) => d.digest !== current.digest)) await reload('startup', false);
  } catch (error) {
    closing = true;
    await stopAll();
    await closeWriters(parts);
    throw error;
  }
  if (address === undefined) throw new Error('no worker is listening');

  let timer: NodeJS.Timeout | undefined;
  if (options.pollIntervalMs > 0) {
    let polling = false;
    timer = setInterval(() => {
      if (polling) return;
      polling = true;
      void statOut(options.outDir)
        .then(async (seen) => {
          if (sameStamp(seen, stamp)) return;
          const result = await reload('out-changed', false);
          // A failed load is not retried until OUT changes again.
          if (!result.ok) stamp = seen;
        })
        .catch(() => undefined)
        .finally(() => (polling = false));
    }, options.pollIntervalMs);
    timer.unref();
  }

  return {
    address,
    ...summary,
    workers: () => live.size,
    reload,
    reopenLogs() {
      const next = rotations.then(reopenLogs);
      rotations = next.catch(() => undefined);
      return next;
    },
    async close() {
      closing = true;
      if (timer) clearInterval(timer);
      await stopAll();
      await closeWriters(parts);
    },
  };
}

function workerFields(options: ClusterOptions): Omit<WorkerOptions, 'listen' | 'generation'> {
  return {
    outDir: options.outDir,
    allowAnySource: options.allowAnySource,
    oneShot: options.oneShot,
    stateDir: options.stateDir,
    adminAllow: options.adminAllow,
    ...(options.assetsDir === undefined ? {} : { assetsDir: options.assetsDir }),
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    ...(options.accessLog === undefined ? {} : { accessLog: options.accessLog }),
    ...(options.accessLogMaxBytes === undefined ? {} : { accessLogMaxBytes: options.accessLogMaxBytes }),
  };
}
