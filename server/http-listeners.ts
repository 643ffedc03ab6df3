/**
 * The listening side: node:http (or node:https) servers around one request listener, on one
 * listening socket watched through several descriptors (server/accept-fanout.ts), with malformed
 * HTTP refused as a plain 400 and a graceful close.
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import { duplicateListeningHandles } from './accept-fanout.js';
import { formatAccessLine, isoTime, type LogSink } from './access-log.js';
import type { Metrics } from './metrics.js';
import { normalizeAddress } from '../serving/secret-owner.js';
import type { FastPath } from './fast-path/fast-connection.js';

/**
 * A boot storm opens a thousand connections at once; with the default backlog (511) the overflow
 * waits for TCP retransmits (1 s, 3 s). The kernel caps it at net.core.somaxconn.
 */
export const LISTEN_BACKLOG = 4096;

/**
 * How long an idle keep-alive connection stays open: nginx's keepalive_timeout default (75 s), not
 * Node's 5 s. A machine that has just read a 16 MiB initrd under load may take longer than 5 s to
 * send its next request on the same connection, and then meets a connection the server has just
 * closed (ECONNRESET in the boot-storm benchmark; nginx, with 75 s, had none).
 */
export const KEEP_ALIVE_TIMEOUT_MS = 75_000;

export interface ListenerOptions {
  tls?: { cert: string | Buffer; key: string | Buffer };
  metrics: Metrics;
  log: LogSink;
  /** Server events (one JSON object per line). */
  event(fields: Record<string, unknown>): void;
  /** Descriptors watching the listening socket; 1 turns the fan-out off. */
  acceptHandles: number;
  shutdownTimeoutMs: number;
  /**
   * Plain HTTP only: connections start in this fast path (server/fast-path/), which hands them to
   * node:http at the first request it does not answer itself.
   */
  fast?: FastPath;
}

/** Where to listen: an address and port, or a listening socket handed over by the primary. */
export type ListenTarget = { host: string; port: number } | { handle: NetServer };

export interface Listeners {
  listen(target: ListenTarget): Promise<AddressInfo>;
  close(): Promise<void>;
}

export function createListeners(
  listener: (req: IncomingMessage, res: ServerResponse) => void,
  options: ListenerOptions,
): Listeners {
  const makeServer = (): Server => {
    const made: Server = options.tls
      ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener)
      : createHttpServer(listener);
    made.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    // Refuse malformed HTTP (bad request line, bad headers) with a plain 400, no details.
    made.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
      // A connection reset or timeout is no request; anything else was one that could not be read.
      if (error.code !== 'ECONNRESET' && error.code !== 'ERR_HTTP_REQUEST_TIMEOUT') {
        options.metrics.recordRequest('invalid', 400, 0);
        options.log(
          formatAccessLine({
            time: isoTime(),
            remote: normalizeAddress(socket.remoteAddress),
            method: '',
            path: '',
            route: 'invalid',
            status: 400,
            bytes: 0,
            ms: 0,
            reason: `malformed HTTP request (${error.code ?? 'parse error'})`,
          }),
        );
      }
      if (socket.writable)
        socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      else socket.destroy();
    });
    const fast = options.tls ? undefined : options.fast;
    if (fast !== undefined) {
      // node:http's own connection listener, called for the connections the fast path hands over.
      const http = made.listeners('connection') as ((socket: Socket) => void)[];
      made.removeAllListeners('connection');
      const handoff = (socket: Socket): void => {
        for (const listener of http) listener.call(made, socket);
      };
      made.on('connection', (socket: Socket) => fast.attach(socket, handoff));
    }
    return made;
  };
  const servers: Server[] = [];

  const listenFirst = (server: Server, target: ListenTarget): Promise<AddressInfo> =>
    new Promise<AddressInfo>((resolveListen, reject) => {
      server.once('error', reject);
      const done = (): void => {
        server.off('error', reject);
        const bound = server.address();
        if (bound === null || typeof bound === 'string') reject(new Error('not listening on a TCP port'));
        else resolveListen(bound);
      };
      if ('handle' in target) server.listen(target.handle, LISTEN_BACKLOG, done);
      else server.listen({ port: target.port, host: target.host, backlog: LISTEN_BACKLOG }, done);
    });

  return {
    async listen(target) {
      const first = makeServer();
      servers.push(first);
      const address = await listenFirst(first, target);
      try {
        for (const handle of await duplicateListeningHandles(first, options.acceptHandles - 1)) {
          const more = makeServer();
          await new Promise<void>((done) => more.listen(handle, LISTEN_BACKLOG, done));
          servers.push(more);
        }
      } catch (error) {
        options.event({
          event: 'accept-fanout-unavailable',
          reason: error instanceof Error ? error.message : String(error),
        });
      }
      return address;
    },
    close() {
      options.fast?.closeIdle();
      const closeOne = (one: Server): Promise<void> =>
        new Promise((done) => {
          const force = setTimeout(() => one.closeAllConnections(), options.shutdownTimeoutMs);
          force.unref();
          // Keep-alive connections whose last response finishes after close() become idle later:
          // close them as they do, instead of waiting for the keep-alive timeout.
          const sweep = setInterval(() => one.closeIdleConnections(), 50);
          sweep.unref();
          one.close(() => {
            clearTimeout(force);
            clearInterval(sweep);
            done();
          });
          one.closeIdleConnections();
        });
      return Promise.all(servers.map(closeOne)).then(() => undefined);
    },
  };
}
