/**
 * The HTTP(S) adapter: node:http around the pure router, the secret policy and one in-memory
 * Snapshot of OUT. Everything the server answers from OUT was loaded and checked at start or at a
 * reload; nothing is rendered or read from OUT at request time.
 */
import { createReadStream } from 'node:fs';
import { promises as fs } from 'node:fs';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { formatAccessLine, type AccessRecord, type LogSink } from './access-log.js';
import { isAdminAddress, normalizeAddress } from './address.js';
import { duplicateListeningHandles } from './accept-fanout.js';
import { lookupAsset } from './assets.js';
import { ipxeErrorScript } from './ipxe-error.js';
import { Metrics, type SnapshotInfo } from './metrics.js';
import { SnapshotStore, type ReloadResult } from './snapshot-store.js';
import { parseRange } from './range.js';
import { resolve, type Resolution, type RouteName } from './router.js';
import { decideSecret, OneShotLedger } from './secret-policy.js';
import type { HostEntry, ServedFile, Snapshot } from './snapshot.js';

export interface BootServerOptions {
  outDir: string;
  /** Directory served under /assets/ with range requests. */
  assetsDir?: string;
  /** Serve secret files to any address (the operator's opt-out of the per-host rule). */
  allowAnySource?: boolean;
  /** Serve each secret file once, then refuse it until re-armed. */
  oneShot?: boolean;
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** How often OUT is checked for a new version, in ms; 0 turns polling off. Default 1000. */
  pollIntervalMs?: number;
  /** Access log and server events, one JSON line each. Default: discard. */
  log?: LogSink;
  /** How long close() waits for in-flight requests before cutting connections. Default 10 s. */
  shutdownTimeoutMs?: number;
  /**
   * Descriptors watching the listening socket, each accepting one connection per event-loop
   * iteration (server/accept-fanout.ts). Default 64; 1 turns the fan-out off.
   */
  acceptHandles?: number;
}

export type { ReloadResult } from './snapshot-store.js';

export interface BootServer {
  listen(host: string, port: number): Promise<AddressInfo>;
  /** The snapshot answering requests now. */
  snapshot(): Snapshot;
  /** Loads OUT again; on failure the current snapshot stays and the reason is logged. */
  reload(cause: string): Promise<ReloadResult>;
  /** Re-arms one-shot secrets of one host, or of all hosts. */
  rearm(host?: string): number;
  /** Graceful: stop accepting, let in-flight requests finish, then resolve. */
  close(): Promise<void>;
  readonly metrics: Metrics;
}

const ALLOW = 'GET, HEAD';
const LISTEN_BACKLOG = 4096;
const DEFAULT_ACCEPT_HANDLES = 64;

interface Reply {
  route: RouteName;
  host?: string;
  reason?: string;
  bytes: number;
}

export async function createBootServer(options: BootServerOptions): Promise<BootServer> {
  const log: LogSink = options.log ?? (() => undefined);
  const event = (fields: Record<string, unknown>): void =>
    log(`${JSON.stringify({ time: new Date().toISOString(), ...fields })}\n`);
  const metrics = new Metrics();
  const ledger = new OneShotLedger();
  const policy = { allowAnySource: options.allowAnySource ?? false, oneShot: options.oneShot ?? false };
  const assetsRoot = options.assetsDir === undefined ? undefined : await fs.realpath(options.assetsDir);

  const store = await SnapshotStore.open(options.outDir, (fields) => {
    if (fields.event === 'reload-failed') metrics.recordReloadFailure();
    event(fields);
  });
  store.watch(options.pollIntervalMs ?? 1000);
  let closing = false;
  const reload = (cause: string): Promise<ReloadResult> => store.reload(cause);

  function snapshotInfo(): SnapshotInfo {
    const current = store.current;
    return {
      generation: current.generation,
      loadedAtSeconds: store.loadedAtSeconds,
      files: current.files.size,
      hosts: current.hosts.size,
    };
  }

  function sendText(
    res: ServerResponse,
    head: boolean,
    status: number,
    body: string,
    type = 'text/plain; charset=utf-8',
  ): number {
    const bytes = Buffer.from(body);
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Length': bytes.length,
      'Cache-Control': 'no-store',
    });
    res.end(head ? undefined : bytes);
    return head ? 0 : bytes.length;
  }

  function sendError(
    res: ServerResponse,
    head: boolean,
    resolution: Extract<Resolution, { kind: 'error' }>,
  ): number {
    if (resolution.status === 405) res.setHeader('Allow', ALLOW);
    if (resolution.ipxe) {
      res.setHeader('X-Bootforge-Status', String(resolution.status));
      return sendText(res, head, 200, ipxeErrorScript(resolution.status, resolution.reason));
    }
    return sendText(res, head, resolution.status, `${resolution.reason}\n`);
  }

  function sendFile(
    req: IncomingMessage,
    res: ServerResponse,
    head: boolean,
    resolution: Extract<Resolution, { kind: 'file' }>,
    snapshot: Snapshot,
    remote: string,
    reply: Reply,
  ): void {
    const file: ServedFile = resolution.file;
    const owner: HostEntry | undefined =
      resolution.host ?? (file.host === undefined ? undefined : snapshot.hosts.get(file.host));
    if (owner) reply.host = owner.name;
    const decision = decideSecret(file, remote, snapshot, policy, ledger);
    if (!decision.allowed) {
      reply.reason = decision.reason;
      reply.bytes = sendError(res, head, {
        kind: 'error',
        route: resolution.route,
        status: 403,
        reason: decision.reason,
        ipxe: file.path.endsWith('.ipxe'),
      });
      return;
    }
    const headers = {
      'Content-Type': file.contentType,
      'Content-Length': file.bytes.length,
      ETag: file.etag,
      'Cache-Control': file.secret ? 'no-store' : 'no-cache',
    };
    if (req.headers['if-none-match'] === file.etag) {
      res.writeHead(304, { ETag: file.etag, 'Cache-Control': headers['Cache-Control'] });
      res.end();
      return;
    }
    res.writeHead(200, headers);
    if (head) {
      res.end();
      return;
    }
    const claim = decision.claim;
    if (claim !== undefined && owner) {
      ledger.claim(owner.name, claim);
      // A transfer cut short did not deliver the secret: it may be asked for again.
      res.once('close', () => {
        if (!res.writableFinished) ledger.release(owner.name, claim);
      });
    }
    res.end(file.bytes);
    reply.bytes = file.bytes.length;
    if (owner) metrics.recordHostFetch(owner.name, Math.floor(Date.now() / 1000));
  }

  async function sendAsset(
    req: IncomingMessage,
    res: ServerResponse,
    head: boolean,
    relPath: string,
    reply: Reply,
  ): Promise<void> {
    if (assetsRoot === undefined) {
      reply.reason = 'no assets directory is served (start with --assets DIR)';
      reply.bytes = sendText(res, head, 404, `${reply.reason}\n`);
      return;
    }
    const found = await lookupAsset(assetsRoot, relPath);
    if (found.kind !== 'file') {
      reply.reason = found.reason;
      reply.bytes = sendText(res, head, found.kind === 'refused' ? 403 : 404, `${found.reason}\n`);
      return;
    }
    const size = found.stat.size;
    const range = parseRange(req.headers.range, size);
    const common = {
      'Accept-Ranges': 'bytes',
      'Last-Modified': found.stat.mtime.toUTCString(),
      'Content-Type': 'application/octet-stream',
    };
    if (range.kind === 'unsatisfiable') {
      reply.reason = `range not satisfiable for a ${size}-byte file`;
      res.writeHead(416, { ...common, 'Content-Range': `bytes */${size}`, 'Content-Length': 0 });
      res.end();
      return;
    }
    const start = range.kind === 'partial' ? range.start : 0;
    const end = range.kind === 'partial' ? range.end : size - 1;
    const length = size === 0 ? 0 : end - start + 1;
    const headers: Record<string, string | number> = { ...common, 'Content-Length': length };
    if (range.kind === 'partial') headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
    res.writeHead(range.kind === 'partial' ? 206 : 200, headers);
    if (head || length === 0) {
      res.end();
      return;
    }
    await new Promise<void>((done) => {
      const stream = createReadStream(found.path, { start, end });
      // Counted as it goes: the access log is written on 'close', before this function resumes.
      stream.on('data', (chunk: Buffer | string) => (reply.bytes += chunk.length));
      stream.on('error', () => {
        res.destroy();
        done();
      });
      res.on('close', () => {
        stream.destroy();
        done();
      });
      stream.pipe(res);
    });
  }

  async function handleAdmin(
    res: ServerResponse,
    resolution: Extract<Resolution, { kind: 'admin' }>,
    remote: string,
    reply: Reply,
  ): Promise<void> {
    if (!isAdminAddress(remote)) {
      reply.reason = 'admin endpoints answer 127.0.0.1 and ::1 only';
      reply.bytes = sendText(res, false, 403, `${reply.reason}\n`);
      return;
    }
    if (resolution.action === 'reload') {
      const result = await reload('admin');
      if (result.ok) {
        ledger.rearm();
        reply.bytes = sendText(
          res,
          false,
          200,
          `reloaded: generation ${result.generation}; one-shot secrets re-armed\n`,
        );
      } else {
        reply.reason = result.reason;
        reply.bytes = sendText(
          res,
          false,
          500,
          `reload failed, still serving generation ${store.current.generation}: ${result.reason}\n`,
        );
      }
      return;
    }
    if (resolution.host !== undefined && !store.current.hosts.has(resolution.host)) {
      reply.reason = `no host named '${resolution.host}' in this inventory`;
      reply.bytes = sendText(res, false, 404, `${reply.reason}\n`);
      return;
    }
    const cleared = ledger.rearm(resolution.host);
    reply.host = resolution.host;
    reply.bytes = sendText(
      res,
      false,
      200,
      `re-armed ${cleared} one-shot secret(s) for ${resolution.host ?? 'all hosts'}\n`,
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    metrics.inFlight += 1;
    // One snapshot per request: a reload swaps the store's, never what this request already holds.
    const snapshot = store.current;
    const remote = normalizeAddress(req.socket.remoteAddress);
    const method = req.method ?? 'GET';
    const head = method === 'HEAD';
    const url = req.url ?? '/';
    if (closing) res.setHeader('Connection', 'close');
    const resolution = resolve({ method, url, remote, userAgent: req.headers['user-agent'] ?? '' }, snapshot);
    const reply: Reply = { route: resolution.route, bytes: 0 };
    res.once('close', () => {
      metrics.inFlight -= 1;
      metrics.recordRequest(reply.route, res.statusCode, reply.bytes);
      const record: AccessRecord = {
        time: new Date().toISOString(),
        remote,
        method,
        path: url,
        route: reply.route,
        status: res.statusCode,
        bytes: reply.bytes,
        ms: Math.round((performance.now() - started) * 100) / 100,
      };
      if (reply.host !== undefined) record.host = reply.host;
      if (reply.reason !== undefined) record.reason = reply.reason;
      if (!res.writableFinished)
        record.reason = `${record.reason ?? 'connection closed'} (response not completed)`;
      log(formatAccessLine(record));
    });
    try {
      switch (resolution.kind) {
        case 'error':
          if (resolution.host) reply.host = resolution.host.name;
          reply.reason = resolution.reason;
          reply.bytes = sendError(res, head, resolution);
          return;
        case 'file':
          sendFile(req, res, head, resolution, snapshot, remote, reply);
          return;
        case 'asset':
          await sendAsset(req, res, head, resolution.relPath, reply);
          return;
        case 'health':
          reply.bytes = closing
            ? sendText(res, head, 503, 'shutting down\n')
            : sendText(res, head, 200, `ok generation ${snapshot.generation}\n`);
          return;
        case 'metrics':
          reply.bytes = sendText(
            res,
            head,
            200,
            metrics.render(snapshotInfo()),
            'text/plain; version=0.0.4; charset=utf-8',
          );
          return;
        case 'admin':
          await handleAdmin(res, resolution, remote, reply);
          return;
      }
    } catch (error) {
      // Never a stack trace to a client: log the reason, answer a one-line 500.
      reply.reason = `internal error: ${error instanceof Error ? error.message : String(error)}`;
      if (!res.headersSent) reply.bytes = sendText(res, head, 500, 'internal error; see the server log\n');
      else res.destroy();
    }
  }

  const listener = (req: IncomingMessage, res: ServerResponse): void => void handle(req, res);
  const makeServer = (): Server => {
    const made: Server = options.tls
      ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener)
      : createHttpServer(listener);
    // Refuse malformed HTTP (bad request line, bad headers) with a plain 400, no details.
    made.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
      // A connection reset or timeout is no request; anything else was one that could not be read.
      if (error.code !== 'ECONNRESET' && error.code !== 'ERR_HTTP_REQUEST_TIMEOUT') {
        metrics.recordRequest('invalid', 400, 0);
        log(
          formatAccessLine({
            time: new Date().toISOString(),
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
    return made;
  };
  const server = makeServer();
  /** Servers on extra descriptors of the same listening socket (server/accept-fanout.ts). */
  const fanout: Server[] = [];
  const allServers = (): Server[] => [server, ...fanout];

  return {
    metrics,
    snapshot: () => store.current,
    reload,
    rearm: (host?: string) => ledger.rearm(host),
    async listen(host: string, port: number): Promise<AddressInfo> {
      const address = await new Promise<AddressInfo>((resolveListen, reject) => {
        server.once('error', reject);
        // A boot storm opens a thousand connections at once; with the default backlog (511) the
        // overflow waits for TCP retransmits (1 s, 3 s). The kernel caps it at net.core.somaxconn.
        server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
          server.off('error', reject);
          const bound = server.address();
          if (bound === null || typeof bound === 'string') reject(new Error('not listening on a TCP port'));
          else resolveListen(bound);
        });
      });
      const extra = (options.acceptHandles ?? DEFAULT_ACCEPT_HANDLES) - 1;
      try {
        for (const handle of await duplicateListeningHandles(server, extra)) {
          const more = makeServer();
          await new Promise<void>((done) => more.listen(handle, LISTEN_BACKLOG, done));
          fanout.push(more);
        }
      } catch (error) {
        event({
          event: 'accept-fanout-unavailable',
          reason: error instanceof Error ? error.message : String(error),
        });
      }
      return address;
    },
    close(): Promise<void> {
      closing = true;
      store.stop();
      const servers = allServers();
      const closeOne = (one: Server): Promise<void> =>
        new Promise((done) => {
          const force = setTimeout(() => one.closeAllConnections(), options.shutdownTimeoutMs ?? 10_000);
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
