/**
 * Request -> what to answer, as a pure function of the request and one Snapshot. No I/O: the
 * HTTP adapter (server/boot-server.ts) applies the secret policy and writes the answer.
 *
 * Paths resolve against the snapshot's in-memory maps only, never against the disk, so traversal
 * is impossible by construction; `..`, `.`, NUL, encoded slashes and bad percent-encoding are
 * refused with 400 anyway so that a probe is visible in the log as what it is.
 */
import { normalizeMac } from './mac.js';
import { isOperatorOnly, type HostEntry, type ServedFile, type Snapshot } from './snapshot.js';

/** Route label used in logs and metrics (a small fixed set, safe as a Prometheus label). */
export type RouteName =
  | 'boot'
  | 'static'
  | 'host'
  | 'mac'
  | 'self'
  | 'query'
  | 'asset'
  | 'health'
  | 'metrics'
  | 'admin'
  | 'invalid'
  | 'unknown';

export interface RouteRequest {
  method: string;
  /** The raw request target (`req.url`). */
  url: string;
  /** Normalised remote address (server/address.ts). */
  remote: string;
  userAgent: string;
}

export type Resolution =
  | { kind: 'file'; route: RouteName; file: ServedFile; host?: HostEntry }
  | { kind: 'asset'; route: 'asset'; relPath: string }
  | { kind: 'health'; route: 'health' }
  | { kind: 'metrics'; route: 'metrics' }
  | { kind: 'admin'; route: 'admin'; action: 'rearm' | 'reload'; host?: string }
  | {
      kind: 'error';
      route: RouteName;
      status: 400 | 403 | 404 | 405;
      reason: string;
      /** Answer with an iPXE script that prints the reason (see server/ipxe-error.ts). */
      ipxe: boolean;
      host?: HostEntry;
    };

/** Names a host's own files can be asked for by under /mac/, /self/ and ?mac=. */
const IPXE_NAMES = new Set(['ipxe', 'boot.ipxe', 'script.ipxe']);

function error(
  route: RouteName,
  status: 400 | 403 | 404 | 405,
  reason: string,
  ipxe: boolean,
  host?: HostEntry,
): Resolution {
  return host
    ? { kind: 'error', route, status, reason, ipxe, host }
    : { kind: 'error', route, status, reason, ipxe };
}

/** Splits and decodes the path; a string is the reason it is malformed. */
export function decodeSegments(path: string): string[] | string {
  if (!path.startsWith('/')) return 'the request target must be an absolute path';
  const segments: string[] = [];
  for (const raw of path.split('/')) {
    if (raw === '') continue;
    let segment = raw;
    if (raw.includes('%')) {
      try {
        segment = decodeURIComponent(raw);
      } catch {
        return 'bad percent-encoding in path';
      }
    }
    if (segment.includes('\0')) return 'NUL byte in path';
    if (segment.includes('/') || segment.includes('\\')) return 'encoded slash or backslash in path';
    if (segment === '..' || segment === '.') return "'.' and '..' segments are not allowed";
    segments.push(segment);
  }
  return segments;
}

/** A host's file by the short name used in lookups: `user-data`, `ks.cfg`, `ipxe`, ... */
function hostFile(route: RouteName, host: HostEntry, name: string, wantsIpxe: boolean): Resolution {
  if (IPXE_NAMES.has(name)) {
    if (host.ipxe) return { kind: 'file', route, file: host.ipxe, host };
    return error(route, 404, `host ${host.name} has no iPXE script in this OUT`, true, host);
  }
  const file = host.files.get(name);
  if (file) return { kind: 'file', route, file, host };
  return error(route, 404, `host ${host.name} has no file '${name}'`, wantsIpxe, host);
}

function byMac(
  route: RouteName,
  snapshot: Snapshot,
  text: string,
  name: string,
  wantsIpxe: boolean,
): Resolution {
  const mac = normalizeMac(text);
  if (mac === undefined) return error('invalid', 400, `'${text}' is not a MAC address`, wantsIpxe);
  const host = snapshot.byMac.get(mac);
  if (!host) return error(route, 404, `no host with MAC ${mac} in this inventory`, wantsIpxe);
  return hostFile(route, host, name, wantsIpxe);
}

function byName(
  route: RouteName,
  snapshot: Snapshot,
  name: string,
  file: string,
  wantsIpxe: boolean,
): Resolution {
  const host = snapshot.hosts.get(name);
  if (!host) return error(route, 404, `no host named '${name}' in this inventory`, wantsIpxe);
  return hostFile(route, host, file, wantsIpxe);
}

export function resolve(request: RouteRequest, snapshot: Snapshot): Resolution {
  const queryAt = request.url.indexOf('?');
  const path = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
  const decoded = decodeSegments(path);
  const ipxeAgent = request.userAgent.includes('iPXE');
  if (typeof decoded === 'string') return error('invalid', 400, decoded, ipxeAgent || path.endsWith('.ipxe'));
  const segments = decoded;
  const last = segments[segments.length - 1] ?? '';
  const isAsset = segments[0] === 'assets';
  // iPXE does not run a 404 body; for what iPXE asks (scripts), errors come back as a script.
  const wantsIpxe = last.endsWith('.ipxe') || IPXE_NAMES.has(last) || (ipxeAgent && !isAsset);

  if (segments[0] === '_bootforge') {
    if (request.method !== 'POST') return error('admin', 405, 'admin endpoints take POST', false);
    if (segments[1] === 'rearm' && segments.length === 3)
      return { kind: 'admin', route: 'admin', action: 'rearm', host: segments[2] };
    if (segments[1] === 'rearm' && segments.length === 2)
      return { kind: 'admin', route: 'admin', action: 'rearm' };
    if (segments[1] === 'reload' && segments.length === 2)
      return { kind: 'admin', route: 'admin', action: 'reload' };
    return error('admin', 404, 'unknown admin endpoint', false);
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return error('invalid', 405, `method ${request.method} not allowed; use GET or HEAD`, false);
  }
  if (segments.length === 1 && last === 'healthz') return { kind: 'health', route: 'health' };
  if (segments.length === 1 && last === 'metrics') return { kind: 'metrics', route: 'metrics' };
  if (isAsset) return { kind: 'asset', route: 'asset', relPath: segments.slice(1).join('/') };

  if (segments.length === 1 && last === 'boot.ipxe') {
    const boot = snapshot.files.get('pxe/boot.ipxe');
    return boot
      ? { kind: 'file', route: 'boot', file: boot }
      : error('boot', 404, 'this OUT has no pxe/boot.ipxe', true);
  }
  if (segments[0] === 'mac') {
    if (segments.length !== 3) return error('mac', 404, 'use /mac/<mac>/<file>', wantsIpxe);
    return byMac('mac', snapshot, segments[1] ?? '', last, wantsIpxe);
  }
  if (segments[0] === 'self') {
    if (segments.length !== 2) return error('self', 404, 'use /self/<file>', wantsIpxe);
    const host = snapshot.byAddress.get(request.remote);
    if (!host)
      return error('self', 404, `no host with address ${request.remote} in this inventory`, wantsIpxe);
    return hostFile('self', host, last, wantsIpxe);
  }
  if (segments.length === 1 && queryAt !== -1) {
    const query = new URLSearchParams(request.url.slice(queryAt + 1));
    const mac = query.get('mac');
    if (mac !== null) return byMac('query', snapshot, mac, last, wantsIpxe);
    const name = query.get('host') ?? query.get('hostname');
    if (name !== null) return byName('query', snapshot, name, last, wantsIpxe);
  }
  if (segments[0] === 'hosts' && segments.length === 3)
    return byName('host', snapshot, segments[1] ?? '', last, wantsIpxe);

  const relPath = segments.join('/');
  if (relPath === '') return error('unknown', 404, 'nothing at /; start at /boot.ipxe', wantsIpxe);
  if (isOperatorOnly(relPath)) {
    return error('static', 403, 'operator material (cluster/, manifest.json) is never served', wantsIpxe);
  }
  const file = snapshot.files.get(relPath);
  if (file)
    return {
      kind: 'file',
      route: 'static',
      file,
      host: file.host === undefined ? undefined : snapshot.hosts.get(file.host),
    };
  if (segments[0] === 'pxe' && segments[1] === 'ipxe' && segments.length === 3 && last.endsWith('.ipxe')) {
    const mac = normalizeMac(last.slice(0, -'.ipxe'.length));
    if (mac !== undefined && snapshot.byMac.get(mac) === undefined) {
      return error('static', 404, `no host with MAC ${mac} in this inventory`, true);
    }
    if (mac !== undefined) {
      const host = snapshot.byMac.get(mac);
      if (host?.ipxe) return { kind: 'file', route: 'mac', file: host.ipxe, host };
    }
  }
  return error('unknown', 404, `no file /${relPath} in this OUT`, wantsIpxe);
}
