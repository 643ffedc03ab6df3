/**
 * Holds the Snapshot being served and replaces it when OUT is regenerated: on request (SIGHUP,
 * the admin endpoint) or when polling sees OUT's stamp change. A new snapshot is loaded beside the
 * old one and swapped in one assignment; a load that fails keeps the old one and says why.
 */
import { loadSnapshot, sameStamp, statOut, type OutStamp } from './load-snapshot.js';
import type { Snapshot } from './snapshot.js';

export type ReloadResult = { ok: true; generation: number; changed: boolean } | { ok: false; reason: string };

export type StoreEvent =
  | { event: 'reload'; cause: string; generation: number; files: number; hosts: number }
  | { event: 'reload-failed'; cause: string; reason: string; generation: number }
  | { event: 'watch-error'; reason: string };

const ATTEMPTS = 5;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class SnapshotStore {
  private snapshot: Snapshot;
  private stamp: OutStamp | undefined;
  private reloading: Promise<ReloadResult> | undefined;
  private lastStatError = '';
  private timer: NodeJS.Timeout | undefined;
  private pending: Snapshot | undefined;
  /** Unix time the served snapshot was loaded. */
  loadedAtSeconds: number;

  private constructor(
    private readonly outDir: string,
    first: Snapshot,
    stamp: OutStamp | undefined,
    private readonly onEvent: (event: StoreEvent) => void,
  ) {
    this.snapshot = first;
    this.stamp = stamp;
    this.loadedAtSeconds = Math.floor(Date.now() / 1000);
  }

  /** Loads OUT once; throws SnapshotLoadError when it cannot be served. */
  static async open(
    outDir: string,
    onEvent: (event: StoreEvent) => void,
    generation = 1,
  ): Promise<SnapshotStore> {
    // Stamp first: if OUT changes while it is being loaded, the first poll sees it and reloads.
    const stamp = await statOut(outDir).catch(() => undefined);
    return new SnapshotStore(outDir, await loadSnapshot(outDir, generation), stamp, onEvent);
  }

  /**
   * With --workers, a reload in two steps so that every worker switches to the same OUT: load it
   * beside the served one (`prepare`), then, once every worker has the same, swap it in (`commit`)
   * or drop it (`abort`). The primary numbers the generations. Throws when OUT cannot be loaded.
   */
  async prepare(generation: number): Promise<Snapshot> {
    this.pending = (await this.loadConsistent(generation)).snapshot;
    return this.pending;
  }

  /** Swaps in the prepared snapshot of `generation`; false when there is none. */
  commit(generation: number): boolean {
    const next = this.pending;
    if (next === undefined || next.generation !== generation) return false;
    this.pending = undefined;
    this.snapshot = next;
    this.loadedAtSeconds = Math.floor(Date.now() / 1000);
    return true;
  }

  abort(): void {
    this.pending = undefined;
  }

  /** The snapshot to answer a request from; hold on to it for the whole request. */
  get current(): Snapshot {
    return this.snapshot;
  }

  /** One reload at a time; a request for another while one runs waits for it and runs after. */
  reload(cause: string): Promise<ReloadResult> {
    const next: Promise<ReloadResult> = (this.reloading ?? Promise.resolve())
      .then(() => this.doReload(cause))
      .finally(() => {
        if (this.reloading === next) this.reloading = undefined;
      });
    this.reloading = next;
    return next;
  }

  /** Checks OUT every `intervalMs` (0: never). The timer does not keep the process alive. */
  watch(intervalMs: number): void {
    this.stop();
    if (intervalMs <= 0) return;
    this.timer = setInterval(() => void this.poll(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async loadConsistent(
    generation = this.snapshot.generation + 1,
  ): Promise<{ snapshot: Snapshot; stamp: OutStamp }> {
    // OUT is swapped by renaming a new directory into place; if that happened while we read,
    // the stamps differ and we read again, so a snapshot never mixes two versions of OUT.
    // A load that fails because OUT was being swapped under it is retried the same way.
    for (let attempt = 1; ; attempt++) {
      const before = await statOut(this.outDir);
      let snapshot: Snapshot;
      try {
        snapshot = await loadSnapshot(this.outDir, generation);
      } catch (error) {
        const after = await statOut(this.outDir).catch(() => undefined);
        if (attempt < ATTEMPTS && !sameStamp(before, after)) continue;
        throw error;
      }
      const after = await statOut(this.outDir);
      if (sameStamp(before, after)) return { snapshot, stamp: after };
      if (attempt === ATTEMPTS) throw new Error('OUT kept changing while it was read');
    }
  }

  private async doReload(cause: string): Promise<ReloadResult> {
    try {
      const loaded = await this.loadConsistent();
      const changed = !sameStamp(loaded.stamp, this.stamp);
      this.snapshot = loaded.snapshot;
      this.stamp = loaded.stamp;
      this.loadedAtSeconds = Math.floor(Date.now() / 1000);
      const { generation, files, hosts } = this.snapshot;
      this.onEvent({ event: 'reload', cause, generation, files: files.size, hosts: hosts.size });
      return { ok: true, generation, changed };
    } catch (error) {
      const reason = describe(error);
      this.onEvent({ event: 'reload-failed', cause, reason, generation: this.snapshot.generation });
      return { ok: false, reason };
    }
  }

  private async poll(): Promise<void> {
    let seen: OutStamp;
    try {
      seen = await statOut(this.outDir);
    } catch (error) {
      const message = describe(error);
      // OUT may be missing for an instant while it is swapped; say so once, keep serving.
      if (message !== this.lastStatError) this.onEvent({ event: 'watch-error', reason: message });
      this.lastStatError = message;
      return;
    }
    this.lastStatError = '';
    if (sameStamp(seen, this.stamp) || this.reloading) return;
    const result = await this.reload('out-changed');
    // A failed load is not retried until OUT changes again.
    if (!result.ok) this.stamp = seen;
  }
}
