/**
 * What the primary and its workers say to each other over node:cluster's IPC channel: the
 * shared-state channel (server/state/channel.ts) carried as JSON messages, plus the worker's
 * lifecycle (start, ready, shutdown). Every message carries `bf` so other IPC traffic (node's
 * own cluster messages) is never mistaken for ours.
 */
import type { Json } from '../state/channel.js';

export type StateMessage =
  /** worker -> primary: call the writer. */
  | { bf: 'call'; id: number; method: string; body: Json }
  /** primary -> worker: the writer's answer to a call. */
  | { bf: 'result'; id: number; ok: true; body: Json }
  | { bf: 'result'; id: number; ok: false; error: string }
  /** primary -> worker: a published event. */
  | { bf: 'event'; topic: string; body: Json }
  /** primary -> worker: the writer gathers; the worker answers with `answer`. */
  | { bf: 'gather'; id: number; method: string; body: Json }
  | { bf: 'answer'; id: number; ok: true; body: Json; none?: boolean }
  | { bf: 'answer'; id: number; ok: false; error: string };

export type LifecycleMessage =
  /**
   * worker -> primary: listening for messages. A message sent to a child before its (ESM) entry
   * has run is dropped, so the primary waits for this before it says anything.
   */
  | { bf: 'hello' }
  /** primary -> worker: everything the worker needs to serve (sent once, first). */
  | { bf: 'start'; options: Json }
  /** worker -> primary: listening, with the snapshot it loaded. */
  | { bf: 'ready'; port: number; address: string; family: string; digest: string }
  /** worker -> primary: could not start. */
  | { bf: 'failed'; reason: string; usage: boolean }
  /** primary -> worker: stop accepting, finish requests in flight, exit 0. */
  | { bf: 'shutdown' };

export type ClusterMessage = StateMessage | LifecycleMessage;

export function isClusterMessage(value: unknown): value is ClusterMessage {
  return typeof value === 'object' && value !== null && typeof (value as { bf?: unknown }).bf === 'string';
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
