/**
 * The node:http request listener: resolve the request against the current snapshot (the pure
 * router in serving/), hand it to the handler for its kind, and record the answer once the
 * response closes (access log line, metrics). Never a stack trace to a client.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { normalizeAddress } from '../serving/secret-owner.js';
import { formatAccessLine, isoTime, type AccessRecord, type LogSink } from './access-log.js';
import type { Exchange, Resolved } from './exchange.js';
import type { Handlers } from './handlers/handler.js';
import type { Metrics } from './metrics.js';
import { resolutionCache, type ResolutionCache } from './resolution-cache.js';
import { sendText } from './respond.js';
import type { Snapshot } from './snapshot.js';

export interface DispatchDeps {
  handlers: Handlers;
  current(): Snapshot;
  metrics: Metrics;
  log: LogSink;
  closing(): boolean;
  /** The router's remembered answers; the fast path shares them. Default: a cache of its own. */
  resolutions?: ResolutionCache;
}

function run(handlers: Handlers, ex: Exchange, resolution: Resolved): void | Promise<void> {
  // Exhaustive: a new kind without a case here does not compile.
  // One case per kind: TypeScript narrows `resolution` for its handler.
  switch (resolution.kind) {
    case 'file':
      return handlers.file(ex, resolution);
    case 'asset':
      return handlers.asset(ex, resolution);
    case 'health':
      return handlers.health(ex, resolution);
    case 'metrics':
      return handlers.metrics(ex, resolution);
    case 'admin':
      return handlers.admin(ex, resolution);
    case 'report':
      return handlers.report(ex, resolution);
    case 'operator':
      return handlers.operator(ex, resolution);
    case 'error':
      return handlers.error(ex, resolution);
    default: {
      const unhandled: never = resolution;
      return unhandled;
    }
  }
}

function logWhenClosed(ex: Exchange, deps: DispatchDeps, method: string, url: string, started: number): void {
  const { res, reply } = ex;
  // 'close' is emitted once per response (finished or cut short).
  res.on('close', () => {
    deps.metrics.inFlight -= 1;
    deps.metrics.recordRequest(reply.route, res.statusCode, reply.bytes);
    const record: AccessRecord = {
      time: isoTime(),
      remote: ex.remote,
      method,
      path: url,
      route: reply.route,
      status: res.statusCode,
      bytes: reply.bytes,
      ms: Math.round((performance.now() - started) * 100) / 100,
      host: reply.host,
      reason: res.writableFinished
        ? reply.reason
        : `${reply.reason ?? 'connection closed'} (response not completed)`,
    };
    deps.log(formatAccessLine(record));
  });
}

export function createDispatcher(deps: DispatchDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const resolutions = deps.resolutions ?? resolutionCache();
  return (req, res) => {
    const started = performance.now();
    deps.metrics.inFlight += 1;
    const snapshot = deps.current();
    const remote = normalizeAddress(req.socket.remoteAddress);
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    if (deps.closing()) res.setHeader('Connection', 'close');
    const resolution = resolutions.resolve(
      { method, url, remote, userAgent: req.headers['user-agent'] ?? '' },
      snapshot,
    );
    const ex: Exchange = {
      req,
      res,
      head: method === 'HEAD',
      remote,
      snapshot,
      reply: { route: resolution.route, bytes: 0 },
    };
    logWhenClosed(ex, deps, method, url, started);
    const fail = (error: unknown): void => {
      ex.reply.reason = `internal error: ${error instanceof Error ? error.message : String(error)}`;
      if (!res.headersSent) sendText(ex, 500, 'internal error; see the server log\n');
      else res.destroy();
    };
    try {
      const pending = run(deps.handlers, ex, resolution);
      if (pending) pending.catch(fail);
    } catch (error) {
      fail(error);
    }
  };
}
