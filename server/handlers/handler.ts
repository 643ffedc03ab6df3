/**
 * A handler answers one kind of resolution (serving/router.ts). The server is a table of them:
 * adding a route kind to the resolver means adding one entry here, and the compiler checks that
 * every kind has one.
 */
import type { Exchange, Resolved, ResolvedAs } from '../exchange.js';

export type Handler<K extends Resolved['kind']> = (
  ex: Exchange,
  resolution: ResolvedAs<K>,
) => void | Promise<void>;

export type Handlers = { [K in Resolved['kind']]: Handler<K> };
