/**
 * The writer side of the shared-state channel across processes: the primary holds every
 * StatePart's writer half and answers the workers' calls over IPC; `publish` and `gather` reach
 * every live worker. The primary itself calls the writer through `local` (signals, polling).
 */
import type { Json, StateClient, StateWriter } from '../state/channel.js';
import { describe, isClusterMessage, type ClusterMessage, type StateMessage } from './messages.js';

type Handler = (body: Json) => Json | Promise<Json>;

/** One worker as the bus sees it (node:cluster's Worker has this shape). */
export interface WorkerPort {
  readonly id: number;
  send(message: ClusterMessage): unknown;
  isConnected(): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
}

/** A worker that does not answer a gather within this time fails it (it is hung or stopped). */
const GATHER_TIMEOUT_MS = 10_000;

interface PendingGather {
  waiting: Set<number>;
  answers: Json[];
  error?: string;
  done(): void;
}

export class PrimaryBus {
  private readonly handlers = new Map<string, Handler>();
  private readonly workers = new Map<number, WorkerPort>();
  private readonly gathers = new Map<number, PendingGather>();
  private nextGather = 1;

  readonly writer: StateWriter = {
    handle: (method, handler) => {
      if (this.handlers.has(method)) throw new Error(`state method ${method} has a handler already`);
      this.handlers.set(method, handler);
    },
    publish: (topic, body) => {
      for (const worker of this.workers.values()) this.send(worker, { bf: 'event', topic, body });
    },
    gather: (method, body = null) => this.gather(method, body),
  };

  /** The primary's own calls to the writer (answered as a worker's would be, on a later tick). */
  readonly local: Pick<StateClient, 'call'> = {
    call: async (method, body = null) => structuredClone(await this.invoke(method, structuredClone(body))),
  };

  /** Starts carrying `worker`'s calls and includes it in publish and gather. */
  attach(worker: WorkerPort): void {
    this.workers.set(worker.id, worker);
    worker.on('message', (message) => {
      if (isClusterMessage(message)) this.receive(worker, message);
    });
  }

  /** The worker is gone: it no longer counts in a gather still waiting for it. */
  detach(id: number): void {
    this.workers.delete(id);
    for (const pending of this.gathers.values()) {
      if (pending.waiting.delete(id) && pending.waiting.size === 0) pending.done();
    }
  }

  private async invoke(method: string, body: Json): Promise<Json> {
    const handler = this.handlers.get(method);
    if (handler === undefined) throw new Error(`no state method ${method}`);
    return handler(body);
  }

  private send(worker: WorkerPort, message: StateMessage): void {
    // A worker that is exiting cannot take messages; detach() follows from its exit.
    if (worker.isConnected()) worker.send(message);
  }

  private receive(worker: WorkerPort, message: ClusterMessage): void {
    if (message.bf === 'call') {
      const { id } = message;
      this.invoke(message.method, message.body).then(
        (body) => this.send(worker, { bf: 'result', id, ok: true, body }),
        (error: unknown) => this.send(worker, { bf: 'result', id, ok: false, error: describe(error) }),
      );
      return;
    }
    if (message.bf === 'answer') {
      const pending = this.gathers.get(message.id);
      if (pending === undefined || !pending.waiting.delete(worker.id)) return;
      if (!message.ok) pending.error ??= message.error;
      else if (message.none !== true) pending.answers.push(message.body);
      if (pending.waiting.size === 0) pending.done();
    }
  }

  private gather(method: string, body: Json): Promise<Json[]> {
    const id = this.nextGather++;
    const live = [...this.workers.values()].filter((w) => w.isConnected());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.error ??= `worker(s) ${[...pending.waiting].join(', ')} did not answer ${method} within ${GATHER_TIMEOUT_MS / 1000} s`;
        pending.done();
      }, GATHER_TIMEOUT_MS);
      timer.unref();
      const pending: PendingGather = {
        waiting: new Set(live.map((w) => w.id)),
        answers: [],
        done: () => {
          clearTimeout(timer);
          if (!this.gathers.delete(id)) return;
          if (pending.error === undefined) resolve(pending.answers);
          else reject(new Error(pending.error));
        },
      };
      this.gathers.set(id, pending);
      if (live.length === 0) {
        pending.done();
        return;
      }
      for (const worker of live) this.send(worker, { bf: 'gather', id, method, body });
    });
  }
}
