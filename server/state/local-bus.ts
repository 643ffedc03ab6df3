/**
 * The shared-state channel inside one process: the writer and the only reader are the same
 * process, so a call is a function call (answered on a later microtask, as across processes) and
 * gather asks the one reader.
 */
import type { Json, StateClient, StateWriter } from './channel.js';

type Handler = (body: Json) => Json | Promise<Json>;

/** Copies a value the way an IPC round trip would, so no caller shares objects with the writer. */
function copy(value: Json): Json {
  return structuredClone(value);
}

export class LocalBus {
  private readonly handlers = new Map<string, Handler>();
  private readonly answers = new Map<string, Handler>();
  private readonly listeners = new Map<string, ((body: Json) => void)[]>();

  readonly writer: StateWriter = {
    handle: (method, handler) => {
      if (this.handlers.has(method)) throw new Error(`state method ${method} has a handler already`);
      this.handlers.set(method, handler);
    },
    publish: (topic, body) => {
      for (const listener of this.listeners.get(topic) ?? []) listener(copy(body));
    },
    gather: async (method, body = null) => {
      const handler = this.answers.get(method);
      return handler === undefined ? [] : [copy(await handler(copy(body)))];
    },
  };

  readonly client: StateClient = {
    call: async (method, body = null) => {
      const handler = this.handlers.get(method);
      if (handler === undefined) throw new Error(`no state method ${method}`);
      return copy(await handler(copy(body)));
    },
    subscribe: (topic, listener) => {
      this.listeners.set(topic, [...(this.listeners.get(topic) ?? []), listener]);
    },
    answer: (method, handler) => {
      if (this.answers.has(method)) throw new Error(`state answer ${method} has a handler already`);
      this.answers.set(method, handler);
    },
  };
}
