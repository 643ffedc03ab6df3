/**
 * One request and its answer as the handlers see them: the node:http pair, the snapshot the
 * request is answered from (held for the whole request, so a reload never mixes two), and the
 * record the access log and the metrics take of the answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Resolution, RouteName } from '../serving/router.js';
import type { HostEntry, ServedFile, Snapshot } from './snapshot.js';

export interface Reply {
  route: RouteName;
  /** The host the answer concerns, when there is one. */
  host?: string;
  /** The one-line reason of a refusal or error. */
  reason?: string;
  /** Body bytes sent. */
  bytes: number;
}

export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  /** HEAD: headers as for GET, no body. */
  head: boolean;
  /** Normalised remote address. */
  remote: string;
  snapshot: Snapshot;
  reply: Reply;
}

/** What the resolver answers over a Snapshot. */
export type Resolved = Resolution<ServedFile, HostEntry>;
export type ResolvedAs<K extends Resolved['kind']> = Extract<Resolved, { kind: K }>;
