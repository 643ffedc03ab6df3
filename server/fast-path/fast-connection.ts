/**
 * The small-file fast path: a plain-HTTP connection starts here instead of in node:http. While its
 * requests are complete, plain GET/HEADs (request-head.ts) of a file the usual 200 answers (the
 * file handler's own decision: usualWholeFile), each is answered from the snapshot with the file's
 * prepared headers in one write, byte for byte what node:http sends (Date, Connection: keep-alive,
 * Keep-Alive), logged and counted as the dispatcher does. At the first request it does not answer
 * (anything else, malformed, incomplete, or while the server is closing) the connection is handed
 * to node:http for good, with the bytes not yet answered put back in front of the stream: every
 * other route, error, range, 304, body, limit and timeout is node:http's, as before.
 */
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { normalizeAddress } from '../../serving/secret-owner.js';
import { formatAccessLine, isoTime, type LogSink } from '../access-log.js';
import { usualWholeFile, type FileHandlerDeps } from '../handlers/file.js';
import type { Metrics } from '../metrics.js';
import type { ResolutionCache } from '../resolution-cache.js';
import type { ServedFile, Snapshot } from '../snapshot.js';
import { parseHead } from './request-head.js';

export interface FastPathDeps {
  current(): Snapshot;
  resolutions: ResolutionCache;
  file: FileHandlerDeps;
  metrics: Metrics;
  log: LogSink;
  closing(): boolean;
  /** node:http's keep-alive timeout: idle connections are closed after it, and it is announced. */
  keepAliveMs: number;
}

export interface FastPath {
  /** Takes a new connection; `handoff` gives it to node:http (called at most once). */
  attach(socket: Socket, handoff: (socket: Socket) => void): void;
  /** Closing: idle fast-path connections are closed once their answers are written. */
  closeIdle(): void;
}

/** Bodies up to this size are copied behind their head into one buffer (one write, one send). */
const COPY_BODY_BYTES = 64 * 1024;

let tailSecond = Number.NaN;
let tail = Buffer.alloc(0);

/**
 * The end of every fast-path head: node:http's Date (RFC 7231 IMF-fixdate), Connection and
 * Keep-Alive, then the blank line; as bytes, made once per second.
 */
function headTail(now: number, keepAlive: string): Buffer {
  const s = Math.floor(now / 1000);
  if (s !== tailSecond) {
    tailSecond = s;
    tail = Buffer.from(`Date: ${new Date(s * 1000).toUTCString()}\r\n${keepAlive}`, 'latin1');
  }
  return tail;
}

export function createFastPath(deps: FastPathDeps): FastPath {
  const owned = new Set<Socket>();
  // "HTTP/1.1 200 OK\r\n" and the file's prepared headers, per ServedFile (they live with their snapshot).
  const heads = new WeakMap<ServedFile, Buffer>();
  const keepAlive = `Connection: keep-alive\r\nKeep-Alive: timeout=${Math.floor(deps.keepAliveMs / 1000)}\r\n\r\n`;

  const headOf = (file: ServedFile): Buffer => {
    let head = heads.get(file);
    if (head === undefined) {
      let text = 'HTTP/1.1 200 OK\r\n';
      for (const [name, value] of Object.entries(file.headers.whole)) text += `${name}: ${value}\r\n`;
      head = Buffer.from(text, 'latin1');
      heads.set(file, head);
    }
    return head;
  };

  return {
    attach(socket, handoff) {
      const remote = normalizeAddress(socket.remoteAddress);
      owned.add(socket);

      /** Answers one request if it is the fast path's; false leaves it to node:http. */
      const answer = (
        method: 'GET' | 'HEAD',
        target: string,
        userAgent: string,
        started: number,
      ): boolean => {
        const snapshot = deps.current();
        const resolution = deps.resolutions.resolve({ method, url: target, remote, userAgent }, snapshot);
        if (resolution.kind !== 'file') return false;
        const usual = usualWholeFile(deps.file, snapshot, resolution, remote);
        if (usual === undefined) return false;
        const { file, owner } = usual;
        const now = Date.now();
        const head = headOf(file);
        const end = headTail(now, keepAlive);
        const body = method === 'HEAD' ? undefined : file.bytes;
        const copied = body === undefined || body.length <= COPY_BODY_BYTES ? (body?.length ?? 0) : 0;
        const out = Buffer.allocUnsafe(head.length + end.length + copied);
        out.set(head, 0);
        out.set(end, head.length);
        if (body !== undefined && copied > 0) out.set(body, head.length + end.length);
        socket.write(out);
        if (body !== undefined && copied === 0 && body.length > 0) socket.write(body);
        const bytes = body?.length ?? 0;
        if (owner !== undefined && body !== undefined)
          deps.metrics.recordHostFetch(owner.name, Math.floor(now / 1000));
        deps.metrics.recordRequest(resolution.route, 200, bytes);
        deps.log(
          formatAccessLine({
            time: isoTime(now),
            remote,
            method,
            path: target,
            route: resolution.route,
            status: 200,
            bytes,
            ms: Math.round((performance.now() - started) * 100) / 100,
            host: owner?.name,
          }),
        );
        return true;
      };

      const onTimeout = (): void => {
        socket.destroy();
      };
      const onError = (): void => {
        socket.destroy();
      };
      const onEnd = (): void => {
        // The client is done sending; close once its answers are written (node:http does the same).
        socket.end();
      };
      const onClose = (): void => {
        owned.delete(socket);
      };
      const onDrain = (): void => {
        socket.resume();
      };
      const giveAway = (rest: Buffer | undefined): void => {
        owned.delete(socket);
        socket.off('data', onData);
        socket.off('timeout', onTimeout);
        socket.off('error', onError);
        socket.off('end', onEnd);
        socket.off('close', onClose);
        socket.off('drain', onDrain);
        socket.setTimeout(0);
        if (rest !== undefined && rest.length > 0) socket.unshift(rest);
        handoff(socket);
      };
      function onData(chunk: Buffer): void {
        const started = performance.now();
        if (deps.closing()) {
          giveAway(chunk);
          return;
        }
        let at = 0;
        socket.cork();
        while (at < chunk.length) {
          const head = parseHead(chunk, at);
          if (head.kind !== 'request' || !answer(head.method, head.target, head.userAgent, started)) break;
          at = head.end;
        }
        socket.uncork();
        if (at < chunk.length) {
          giveAway(chunk.subarray(at));
          return;
        }
        // A client that sends without reading: read no more until it has taken its answers.
        if (socket.writableNeedDrain) {
          socket.pause();
          socket.once('drain', onDrain);
        }
      }

      socket.setTimeout(deps.keepAliveMs);
      socket.on('timeout', onTimeout);
      socket.on('error', onError);
      socket.on('end', onEnd);
      socket.on('close', onClose);
      socket.on('data', onData);
    },
    closeIdle() {
      // Every fast-path connection is idle between requests (answers are written synchronously).
      for (const socket of owned) socket.destroySoon();
      owned.clear();
    },
  };
}
