/**
 * A file of OUT, from the snapshot in memory: the secret rule first, then conditional requests
 * (ETag from the manifest's sha256), HEAD and a single byte range; with --one-shot a secret is
 * claimed from the one ledger before it is sent and released if the transfer is cut short.
 */
import { firstHeader, notModified, rangeStillValid } from '../conditional.js';
import type { Exchange, ResolvedAs } from '../exchange.js';
import type { Metrics } from '../metrics.js';
import { parseRange } from '../range.js';
import { refuse } from '../respond.js';
import { alreadyServedReason, decideSecret, type SecretPolicyOptions } from '../secret-policy.js';
import type { OneShot } from '../state/one-shot-part.js';
import { cacheControlFor, type HostEntry, type ServedFile, type Snapshot } from '../snapshot.js';
import type { Handler } from './handler.js';

export interface FileHandlerDeps {
  policy: SecretPolicyOptions;
  oneShot: OneShot;
  metrics: Metrics;
  /**
   * The answer for a file may be another file: boot-once (issue 10) answers an installed host's
   * per-MAC iPXE script with its local-boot script. Pure and synchronous (read a replica); the
   * substitute keeps the secret rule of the file it replaces and brings its own ETag.
   */
  substitute?: (file: ServedFile, host: HostEntry | undefined) => ServedFile | undefined;
}

/** The file a resolution answers with (boot-once may substitute another) and the host it concerns. */
export function fileToSend(
  deps: FileHandlerDeps,
  snapshot: Snapshot,
  resolution: ResolvedAs<'file'>,
): { named: ServedFile; file: ServedFile; owner: HostEntry | undefined } {
  const named = resolution.file;
  const owner = resolution.host ?? (named.host === undefined ? undefined : snapshot.hosts.get(named.host));
  return { named, file: deps.substitute?.(named, owner) ?? named, owner };
}

/**
 * The file to send whole when a plain GET/HEAD of it (no range, no conditional) gets the usual
 * 200 with its prepared headers: allowed by the secret rule without a one-shot claim. Otherwise
 * undefined (the handler decides: 403, a claim). The fast path (server/fast-path/) asks this.
 */
export function usualWholeFile(
  deps: FileHandlerDeps,
  snapshot: Snapshot,
  resolution: ResolvedAs<'file'>,
  remote: string,
): { file: ServedFile; owner: HostEntry | undefined } | undefined {
  const { named, file, owner } = fileToSend(deps, snapshot, resolution);
  const decision = decideSecret(named, remote, snapshot, deps.policy);
  return decision.allowed && decision.claim === undefined ? { file, owner } : undefined;
}

export function fileHandler(deps: FileHandlerDeps): Handler<'file'> {
  return (ex: Exchange, resolution: ResolvedAs<'file'>): void | Promise<void> => {
    const { req, res, snapshot, reply } = ex;
    const { named, file, owner } = fileToSend(deps, snapshot, resolution);
    if (owner) reply.host = owner.name;
    const decision = decideSecret(named, ex.remote, snapshot, deps.policy);
    if (!decision.allowed) {
      refuse(ex, 403, decision.reason, resolution.ipxe);
      return;
    }
    const { headers: prepared } = file;
    const asked = req.headers;
    if (notModified(asked, file.etag)) {
      res.writeHead(304, prepared.notModified);
      res.end();
      return;
    }
    const claim = decision.claim;
    // The usual answer: the whole file, its headers made with the snapshot.
    if (claim === undefined && asked.range === undefined) {
      res.writeHead(200, prepared.whole);
      if (ex.head) {
        res.end();
        return;
      }
      res.end(file.bytes);
      reply.bytes = file.bytes.length;
      if (owner) deps.metrics.recordHostFetch(owner.name, Math.floor(Date.now() / 1000));
      return;
    }
    const size = file.bytes.length;
    // A one-shot secret is handed out whole or not at all.
    const range =
      claim === undefined && rangeStillValid(firstHeader(asked['if-range']), file.etag)
        ? parseRange(asked.range, size)
        : ({ kind: 'full' } as const);
    const headers: Record<string, string | number> = {
      'Content-Type': file.contentType,
      ETag: file.etag,
      'Cache-Control': cacheControlFor(file.secret),
      'Accept-Ranges': claim === undefined ? 'bytes' : 'none',
    };
    if (range.kind === 'unsatisfiable') {
      reply.reason = `range not satisfiable for a ${size}-byte file`;
      res.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}`, 'Content-Length': 0 });
      res.end();
      return;
    }
    const body = range.kind === 'partial' ? file.bytes.subarray(range.start, range.end + 1) : file.bytes;
    headers['Content-Length'] = body.length;
    if (range.kind === 'partial') headers['Content-Range'] = `bytes ${range.start}-${range.end}/${size}`;
    if (ex.head) {
      res.writeHead(range.kind === 'partial' ? 206 : 200, headers);
      res.end();
      return;
    }
    const send = (): void => {
      res.writeHead(range.kind === 'partial' ? 206 : 200, headers);
      res.end(body);
      reply.bytes = body.length;
      if (owner) deps.metrics.recordHostFetch(owner.name, Math.floor(Date.now() / 1000));
    };
    if (claim === undefined) {
      send();
      return;
    }
    return deps.oneShot.claim(claim).then((granted) => {
      if (!granted) {
        refuse(ex, 403, alreadyServedReason(claim.host), resolution.ipxe);
        return;
      }
      // A transfer cut short did not deliver the secret: it may be asked for again.
      res.once('close', () => {
        if (!res.writableFinished) deps.oneShot.release(claim);
      });
      send();
    });
  };
}
