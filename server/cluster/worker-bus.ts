/**
 * The reader side of the shared-state channel in a worker: calls go to the primary over IPC and
 * are matched to their answers by id; published events and gathers come back the same way. If the
 * primary goes away, every call still waiting is rejected.
 */
import type { Json, StateClient } from '../state/channel.js';
import { describe, isClusterMessage, type ClusterMessage } from './messages.js';

type Handler = (body: Json) => Json | Promise<Json>;

/** The worker's end of the IPC channel (node's `process` in a worker has this shape). */
export interface PrimaryPort {
  send?(message: ClusterMessage): unknown;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'disconnect', listener: () => void): unknown;
}

export class WorkerBus {
  private readonly calls = new Map<number, { resolve(body: Json): void; reject(error: Error): void }>();
  private readonly listeners = new Map<string, ((body: Json) => void)[]>();
  private readonly answers = new Map<string, Handler>();
  private nextCall = 1;
  private gone = false;

  constructor(private readonly port: PrimaryPort) {
    port.on('message', (message) => {
      if (isClusterMessage(message)) this.receive(message);
    });
    port.on('disconnect', () => {
      this.gone = true;
      for (const call of this.calls.values()) call.reject(new Error('the primary process went away'));
      this.calls.clear();
    });
  }

  readonly client: StateClient = {
    call: (method, body = null) =>
      new Promise<Json>((resolve, reject) => {
        if (this.gone || this.port.send === undefined) {
          reject(new Error('the primary process went away'));
          return;
        }
        const id = this.nextCall++;
        this.calls.set(id, { resolve, reject });
        this.port.send({ bf: 'call', id, method, body });
      }),
    subscribe: (topic, listener) => {
      this.listeners.set(topic, [...(this.listeners.get(topic) ?? []), listener]);
    },
    answer: (method, handler) => {
      if (this.answers.has(method)) throw new Error(`state answer ${method} has a handler already`);
      this.answers.set(method, handler);
    },
  };

  private receive(message: ClusterMessage): void {
    if (message.bf === 'result') {
      const call = this.calls.get(message.id);
      if (call === undefined) return;
      this.calls.delete(message.id);
      if (message.ok) call.resolve(message.body);
      else call.reject(new Error(message.error));
      return;
    }
    if (message.bf === 'event') {
      for (const listener of this.listeners.get(message.topic) ?? []) listener(message.body);
      return;
    }
    if (message.bf === 'gather') {
      const { id } = message;
      const handler = this.answers.get(message.method);
      if (handler === undefined) {
        this.port.send?.({ bf: 'answer', id, ok: true, body: null, none: true });
        return;
      }
      Promise.resolve()
        .then(() => handler(message.body))
        .then(
          (body) => this.port.send?.({ bf: 'answer', id, ok: true, body }),
          (error: unknown) => this.port.send?.({ bf: 'answer', id, ok: false, error: describe(error) }),
        );
    }
  }
}
