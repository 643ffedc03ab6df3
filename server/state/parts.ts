/**
 * Every piece of shared state the server has, in one table: the one process (server/boot-server.ts)
 * runs both halves over a LocalBus; with --workers the primary (server/cluster/primary.ts) runs
 * the writer halves and each worker the reader halves over IPC. A new StatePart is one entry here.
 */
import type { StateClient, StatePart, StateWriter, WriterContext } from './channel.js';
import type { RateLimit } from '../lifecycle/rate-limit.js';
import { lifecyclePart } from './lifecycle-part.js';
import { oneShotPart } from './one-shot-part.js';

/** What the parts need to know; the same in the primary and in every worker. */
export interface StatePartsOptions {
  /** The lifecycle state directory (the writer half owns it). */
  stateDir: string;
  reportRate?: RateLimit;
}

export function serverStateParts(options: StatePartsOptions) {
  return {
    oneShot: oneShotPart(),
    lifecycle: lifecyclePart({
      stateDir: options.stateDir,
      ...(options.reportRate === undefined ? {} : { rate: options.reportRate }),
    }),
  };
}

export type ServerStateParts = ReturnType<typeof serverStateParts>;

/** What each part's reader half gives the handlers. */
export type ServerState = {
  [K in keyof ServerStateParts]: ServerStateParts[K] extends StatePart<infer Reader> ? Reader : never;
};

export async function startWriters(
  parts: ServerStateParts,
  writer: StateWriter,
  context: WriterContext,
): Promise<void> {
  for (const part of Object.values(parts) as StatePart<unknown>[]) await part.writer(writer, context);
}

export async function startReaders(parts: ServerStateParts, client: StateClient): Promise<ServerState> {
  const state: Partial<Record<keyof ServerStateParts, unknown>> = {};
  for (const [name, part] of Object.entries(parts) as [keyof ServerStateParts, StatePart<unknown>][])
    state[name] = await part.reader(client);
  return state as ServerState;
}

export async function closeWriters(parts: ServerStateParts): Promise<void> {
  for (const part of Object.values(parts) as StatePart<unknown>[]) await part.close?.();
}
