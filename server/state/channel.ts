/**
 * The shared-state channel: how every serving process (each worker with --workers, or the only
 * process) reaches state that has ONE writer. A piece of shared state (a StatePart) has a writer
 * half, run once in the writer process (the primary with --workers, else the only process), and a
 * reader half, run in every serving process. The reader half calls the writer (`call`), follows
 * what it publishes (`subscribe`), and answers when the writer asks every process (`answer`).
 *
 * Messages are JSON values: the same code runs in one process (server/state/local-bus.ts) and
 * across processes over the IPC channel (server/cluster/). Delivery is in order per process; a
 * call is answered exactly once (or rejected when the writer throws or goes away).
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The reader half's view: in every serving process. */
export interface StateClient {
  /** Asks the one writer; resolves with its answer, rejects with its error message. */
  call(method: string, body?: Json): Promise<Json>;
  /** Every event the writer publishes on `topic`, in publication order. */
  subscribe(topic: string, listener: (body: Json) => void): void;
  /** Answers the writer's `gather(method)`; one handler per method per process. */
  answer(method: string, handler: (body: Json) => Json | Promise<Json>): void;
}

/** The writer half's view: in the one writer process. */
export interface StateWriter {
  /** Handles `call(method)` from any serving process; one handler per method. */
  handle(method: string, handler: (body: Json) => Json | Promise<Json>): void;
  /** Sends `body` to every serving process's subscribers of `topic`. */
  publish(topic: string, body: Json): void;
  /** Asks every serving process (its `answer(method)` handler) and collects the answers. */
  gather(method: string, body?: Json): Promise<Json[]>;
}

/** Facts the writer half may need: where OUT and the state directory are. */
export interface WriterContext {
  outDir: string;
  /** Writes one JSON line to the server log (events, never secrets). */
  event(fields: Record<string, Json>): void;
}

/**
 * A piece of shared state. `writer` runs once, before any serving process starts; `reader` runs in
 * each serving process and returns what its handlers use (a proxy, a read replica, or both).
 */
export interface StatePart<Reader> {
  readonly name: string;
  writer(writer: StateWriter, context: WriterContext): Promise<void> | void;
  reader(client: StateClient): Promise<Reader> | Reader;
  /** Writer side, at shutdown (flush and close what it owns). */
  close?(): Promise<void> | void;
}
