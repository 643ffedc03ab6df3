/**
 * `bootforge serve` in one process: the snapshot store, the shared state (one-shot ledger, and
 * any StatePart handed in) on an in-process bus, the handler table over the pure router
 * (serving/router.ts), and the HTTP(S) listeners. Everything answered from OUT was loaded and
 * checked at start or at a reload; nothing is rendered or read from OUT at request time.
 *
 * With --workers the same pieces run split across processes (server/cluster/): the handlers in
 * every worker, the writer halves of the shared state in the primary.
 */
import { promises as fs } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { LogSink } from './access-log.js';
import { createDispatcher } from './dispatch.js';
import { adminHandler, type ServerControl } from './handlers/admin.js';
import { assetHandler } from './handlers/asset.js';
import { fileHandler, type FileHandlerDeps } from './handlers/file.js';
import { createFastPath } from './fast-path/fast-connection.js';
import { resolutionCache } from './resolution-cache.js';
import type { Handlers } from './handlers/handler.js';
import { operatorPages } from './handlers/operator.js';
import { reportHandler } from './handlers/report.js';
import { healthHandler, metricsHandler } from './handlers/status-endpoints.js';
import { createListeners, KEEP_ALIVE_TIMEOUT_MS } from './http-listeners.js';
import { Metrics, type SnapshotInfo } from './metrics.js';
import { sendError } from './respond.js';
import { SnapshotStore, type ReloadResult } from './snapshot-store.js';
import type { Snapshot } from './snapshot.js';
import { bootOnce } from './lifecycle/boot-once.js';
import { lifecycleMetrics } from './lifecycle/lifecycle-metrics.js';
import { defaultStateDir } from './lifecycle/offline-state.js';
import type { RateLimit } from './lifecycle/rate-limit.js';
import { operatorAccess } from './operator-address.js';
import { LocalBus } from './state/local-bus.js';
import { ChunkPool } from './stream/chunk-pool.js';
import type { StateClient } from './state/channel.js';
import { closeWriters, serverStateParts, startReaders, startWriters } from './state/parts.js';
import { linkWorker } from './cluster/worker-link.js';

export interface BootServerOptions {
  outDir: string;
  /** Directory served under /assets/ with range requests. */
  assetsDir?: string;
  /** Serve secret files to any address (the operator's opt-out of the per-host rule). */
  allowAnySource?: boolean;
  /** Serve each secret file once, then refuse it until re-armed. */
  oneShot?: boolean;
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** How often OUT is checked for a new version, in ms; 0 turns polling off. Default 1000. */
  pollIntervalMs?: number;
  /** Access log and server events, one JSON line each. Default: discard. */
  log?: LogSink;
  /** How long close() waits for in-flight requests before cutting connections. Default 10 s. */
  shutdownTimeoutMs?: number;
  /**
   * Descriptors watching the listening socket, each accepting one connection per event-loop
   * iteration (server/accept-fanout.ts). Default 64; 1 turns the fan-out off.
   */
  acceptHandles?: number;
  /** The lifecycle state directory (reports, reinstalls). Default: `<OUT>.state` beside OUT. */
  stateDir?: string;
  /** Networks (CIDR) besides loopback that may read /status and /ui. */
  adminAllow?: readonly string[];
  /** Reports per host: burst, then one per interval. */
  reportRate?: RateLimit;
  /**
   * 1 MiB read buffers shared by all asset downloads (server/stream/chunk-pool.ts): the memory
   * /assets/ may use at once is this many MiB, whatever the number of clients. Default 32.
   */
  assetBuffers?: number;
  /**
   * Set in a --workers worker (server/cluster/worker-main.ts): the shared state's writer halves run
   * in the primary, reached through `client`; the primary polls OUT and numbers the generations,
   * starting this worker at `generation`.
   */
  worker?: { client: StateClient; generation: number };
}

export { defaultStateDir };

export type { ReloadResult } from './snapshot-store.js';

export interface BootServer {
  listen(host: string, port: number): Promise<AddressInfo>;
  /** The snapshot answering requests now. */
  snapshot(): Snapshot;
  /** Loads OUT again; on failure the current snapshot stays and the reason is logged. */
  reload(cause: string): Promise<ReloadResult>;
  /** Re-arms one-shot secrets of one host, or of all hosts. */
  rearm(host?: string): Promise<number>;
  /** Arms a host's installer again after boot-once (and its one-shot secrets). */
  reinstall(host: string, by: string): Promise<void>;
  /** The lifecycle state directory in use. */
  readonly stateDir: string;
  /** Graceful: stop accepting, let in-flight requests finish, then resolve. */
  close(): Promise<void>;
  readonly metrics: Metrics;
}

const DEFAULT_ACCEPT_HANDLES = 64;
const DEFAULT_ASSET_BUFFERS = 32;
const ASSET_CHUNK_BYTES = 1 << 20;

export async function createBootServer(options: BootServerOptions): Promise<BootServer> {
  const log: LogSink = options.log ?? (() => undefined);
  const event = (fields: Record<string, unknown>): void =>
    log(`${JSON.stringify({ time: new Date().toISOString(), ...fields })}\n`);
  const metrics = new Metrics();
  const assetsRoot = options.assetsDir === undefined ? undefined : await fs.realpath(options.assetsDir);

  const access = operatorAccess(options.adminAllow ?? []);
  const stateDir = options.stateDir ?? defaultStateDir(options.outDir);
  const parts = serverStateParts({
    stateDir,
    ...(options.reportRate === undefined ? {} : { reportRate: options.reportRate }),
  });
  let client: StateClient;
  if (options.worker === undefined) {
    const bus = new LocalBus();
    await startWriters(parts, bus.writer, { outDir: options.outDir, event });
    client = bus.client;
  } else client = options.worker.client;
  const closeState = (): Promise<void> =>
    options.worker === undefined ? closeWriters(parts) : Promise.resolve();
  const { oneShot, lifecycle } = await startReaders(parts, client);
  // A re-armed host must be able to fetch its secrets again, however it was re-armed.
  lifecycle.onChange((host, _state, type) => {
    if (type === 'reinstall') void oneShot.rearm(host);
  });

  const store = await SnapshotStore.open(
    options.outDir,
    (fields) => {
      if (fields.event === 'reload-failed') metrics.recordReloadFailure();
      event(fields);
    },
    options.worker?.generation,
  ).catch(async (error: unknown) => {
    await closeState();
    throw error;
  });
  const link = options.worker === undefined ? undefined : linkWorker(client, store, metrics);
  if (link === undefined) store.watch(options.pollIntervalMs ?? 1000);
  let closing = false;

  const reload = (cause: string): Promise<ReloadResult> =>
    link === undefined ? store.reload(cause) : link.reload(cause);
  const control: ServerControl = {
    async reload(cause) {
      // With workers the primary re-arms as part of the reload.
      const result = await reload(cause);
      if (result.ok && link === undefined) await oneShot.rearm();
      return result;
    },
    rearm: (host) => oneShot.rearm(host),
    reinstall: async (host, by) => {
      await lifecycle.reinstall(host, by);
    },
    generation: () => store.current.generation,
  };
  const pages = operatorPages({ lifecycle, access, current: () => store.current });
  const snapshotInfo = (): SnapshotInfo => ({
    generation: store.current.generation,
    loadedAtSeconds: store.loadedAtSeconds,
    files: store.current.files.size,
    hosts: store.current.hosts.size,
  });
  const fileDeps: FileHandlerDeps = {
    policy: { allowAnySource: options.allowAnySource ?? false, oneShot: options.oneShot ?? false },
    oneShot,
    metrics,
    substitute: bootOnce((host) => lifecycle.host(host)),
  };
  const handlers: Handlers = {
    file: fileHandler(fileDeps),
    asset: assetHandler(
      assetsRoot,
      new ChunkPool(options.assetBuffers ?? DEFAULT_ASSET_BUFFERS, ASSET_CHUNK_BYTES),
    ),
    admin: adminHandler(control),
    health: healthHandler(() => closing),
    metrics: metricsHandler(
      async () =>
        (link === undefined ? metrics : await link.metrics()).render(snapshotInfo()) +
        lifecycleMetrics(store.current.hosts.keys(), (h) => lifecycle.host(h)),
    ),
    report: reportHandler(lifecycle),
    operator: pages.handler,
    error: sendError,
  };
  const resolutions = resolutionCache();
  const current = (): Snapshot => store.current;
  const listeners = createListeners(
    createDispatcher({ handlers, current, metrics, log, closing: () => closing, resolutions }),
    {
      fast: createFastPath({
        current,
        resolutions,
        file: fileDeps,
        metrics,
        log,
        closing: () => closing,
        keepAliveMs: KEEP_ALIVE_TIMEOUT_MS,
      }),
      metrics,
      log,
      event,
      acceptHandles: options.acceptHandles ?? DEFAULT_ACCEPT_HANDLES,
      shutdownTimeoutMs: options.shutdownTimeoutMs ?? 10_000,
      ...(options.tls === undefined ? {} : { tls: options.tls }),
    },
  );

  return {
    metrics,
    snapshot: () => store.current,
    reload,
    rearm: (host) => oneShot.rearm(host),
    reinstall: control.reinstall,
    stateDir,
    listen: (host, port) => listeners.listen({ host, port }),
    async close() {
      closing = true;
      store.stop();
      pages.close();
      await listeners.close();
      await closeState();
    },
  };
}
