/**
 * Request -> what to answer, as a pure function of the request and an index of OUT. No I/O: the
 * HTTP adapter (server/) applies the secret rule and writes the answer; the nginx configuration
 * generator expresses the same decisions as locations (generators/nginx/nginx-conf.ts), and
 * test/serving/ feeds both the same requests.
 *
 * Paths resolve against the index only, never against a disk, so traversal is impossible by
 * construction; `..`, `.`, NUL, encoded slashes and bad percent-encoding are refused with 400 anyway
 * so that a probe is visible in the log as what it is.
 */
import type { ServingFile, ServingHost } from './entry.js';
import { normalizeMac } from './mac.js';
import { isOperatorOnly, OPERATOR_ONLY_REASON } from './operator-only.js';
import {
  ADMIN,
  ASSETS,
  BOOT_SCRIPT_PATH,
  BOOT_SCRIPT_URL,
  BY_ADDRESS,
  BY_MAC,
  HEALTH,
  HOST_SCRIPT_DIR,
  HOST_SCRIPT_NAMES,
  HOSTS_DIR,
  hostFilePath,
  hostScriptPath,
  METRICS,
  QUERY_MAC,
  QUERY_NAMES,
  REPORT,
  STATUS,
  UI,
  UI_EVENTS,
} from './routes.js';

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
  | 'report'
  | 'operator'
  | 'invalid'
  | 'unknown';

export interface RouteRequest {
  method: string;
  /** The raw request target (`req.url`). */
  url: string;
  /** Normalised remote address (serving/secret-owner.ts normalizeAddress). */
  remote: string;
  userAgent: string;
}

/** What the resolver reads of OUT; server/snapshot.ts implements it over its in-memory maps. */
export interface ServingIndex<F extends ServingFile = ServingFile, H extends ServingHost = ServingHost> {
  file(path: string): F | undefined;
  host(name: string): H | undefined;
  hostByMac(mac: string): H | undefined;
  hostByAddress(address: string): H | undefined;
}

export type ErrorStatus = 400 | 403 | 404 | 405;

export type Resolution<F extends ServingFile = ServingFile, H extends ServingHost = ServingHost> =
  | {
      kind: 'file';
      route: RouteName;
      file: F;
      host?: H;
      /** A refusal of this file (the secret rule) goes back as an iPXE script. */
      ipxe: boolean;
    }
  | { kind: 'asset'; route: 'asset'; relPath: string }
  | { kind: 'health'; route: 'health' }
  | { kind: 'metrics'; route: 'metrics' }
  | { kind: 'admin'; route: 'admin'; action: 'rearm' | 'reload' | 'reinstall'; host?: string }
  /** A host reports its install phase (`POST /report/<host>`); the token decides, not the address. */
  | { kind: 'report'; route: 'report'; hostName: string }
  /** Operator pages (`/status`, `/ui`, `/ui/events`): answered to operator addresses only. */
  | { kind: 'operator'; route: 'operator'; view: 'status' | 'ui' | 'events' }
  | {
      kind: 'error';
      route: RouteName;
      status: ErrorStatus;
      reason: string;
      /**
       * Answer as iPXE: status 200 with a script that prints the reason (serving/ipxe-script.ts);
       * 'unknown-mac' is the fixed script for a machine the inventory does not have.
       */
      ipxe: false | 'reason' | 'unknown-mac';
      host?: H;
    };

type ErrorResolution<F extends ServingFile, H extends ServingHost> = Extract<
  Resolution<F, H>,
  { kind: 'error' }
>;

function error<F extends ServingFile, H extends ServingHost>(
  route: RouteName,
  status: ErrorStatus,
  reason: string,
  ipxe: ErrorResolution<F, H>['ipxe'],
  host?: H,
): ErrorResolution<F, H> {
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

/** One request being resolved: what every step needs. */
interface Lookup<F extends ServingFile, H extends ServingHost> {
  index: ServingIndex<F, H>;
  route: RouteName;
  /** The last path segment: the short file name a lookup asks for. */
  name: string;
  /** Errors go back as iPXE scripts (see Resolution.ipxe). */
  wantsIpxe: boolean;
  /** A script name (HOST_SCRIPT_NAMES) means the host's iPXE script; not under /hosts/. */
  scripts: boolean;
}

const asIpxe = (wants: boolean): 'reason' | false => (wants ? 'reason' : false);

/** A host's file by short name: `user-data`, `ks.cfg`, or a script name for its iPXE script. */
function hostFile<F extends ServingFile, H extends ServingHost>(
  look: Lookup<F, H>,
  host: H,
): Resolution<F, H> {
  const { index, route, name, wantsIpxe } = look;
  if (look.scripts && HOST_SCRIPT_NAMES.includes(name)) {
    const script = host.mac === null ? undefined : index.file(hostScriptPath(host.mac));
    if (script) return { kind: 'file', route, file: script, host, ipxe: true };
    return error(route, 404, `host ${host.name} has no iPXE script in this OUT`, 'reason', host);
  }
  const file = index.file(hostFilePath(host.name, name));
  if (file) return { kind: 'file', route, file, host, ipxe: wantsIpxe };
  return error(route, 404, `host ${host.name} has no file '${name}'`, asIpxe(wantsIpxe), host);
}

/** No host answers the lookup: an iPXE script name gets the unknown-machine script. */
function noHost<F extends ServingFile, H extends ServingHost>(
  look: Lookup<F, H>,
  status: 400 | 404,
  reason: string,
): Resolution<F, H> {
  // The unknown-machine answer is a 404 whatever made the lookup fail (nginx cannot tell apart).
  if (look.scripts && HOST_SCRIPT_NAMES.includes(look.name))
    return error(look.route, 404, reason, 'unknown-mac');
  return error(status === 400 ? 'invalid' : look.route, status, reason, asIpxe(look.wantsIpxe));
}

function byMac<F extends ServingFile, H extends ServingHost>(
  look: Lookup<F, H>,
  text: string,
): Resolution<F, H> {
  const mac = normalizeMac(text);
  if (mac === undefined) return noHost(look, 400, `'${text}' is not a MAC address`);
  const host = look.index.hostByMac(mac);
  if (!host) return noHost(look, 404, `no host with MAC ${mac} in this inventory`);
  return hostFile(look, host);
}

function byName<F extends ServingFile, H extends ServingHost>(
  look: Lookup<F, H>,
  name: string,
): Resolution<F, H> {
  const host = look.index.host(name);
  if (!host) return noHost(look, 404, `no host named '${name}' in this inventory`);
  return hostFile(look, host);
}

function admin<F extends ServingFile, H extends ServingHost>(
  method: string,
  segments: readonly string[],
): Resolution<F, H> {
  if (method !== 'POST') return error('admin', 405, 'admin endpoints take POST', false);
  const [, action, host, ...rest] = segments;
  if (rest.length === 0 && action === 'rearm')
    return host === undefined
      ? { kind: 'admin', route: 'admin', action: 'rearm' }
      : { kind: 'admin', route: 'admin', action: 'rearm', host };
  if (action === 'reload' && host === undefined) return { kind: 'admin', route: 'admin', action: 'reload' };
  if (action === 'reinstall' && host !== undefined && rest.length === 0)
    return { kind: 'admin', route: 'admin', action: 'reinstall', host };
  return error('admin', 404, 'unknown admin endpoint', false);
}

function report<F extends ServingFile, H extends ServingHost>(
  method: string,
  segments: readonly string[],
): Resolution<F, H> {
  if (segments.length !== 2) return error('report', 404, 'use POST /report/<host>', false);
  if (method !== 'POST') return error('report', 405, 'reports take POST', false);
  return { kind: 'report', route: 'report', hostName: segments[1] ?? '' };
}

function operator<F extends ServingFile, H extends ServingHost>(
  segments: readonly string[],
): Resolution<F, H> | undefined {
  const [first, second, ...rest] = segments;
  if (rest.length > 0) return undefined;
  if (first === STATUS && second === undefined)
    return { kind: 'operator', route: 'operator', view: 'status' };
  if (first === UI && second === undefined) return { kind: 'operator', route: 'operator', view: 'ui' };
  if (first === UI && second === UI_EVENTS) return { kind: 'operator', route: 'operator', view: 'events' };
  return undefined;
}

/** A path of the static tree: operator material refused, files by path, per-MAC scripts by MAC. */
function staticPath<F extends ServingFile, H extends ServingHost>(
  index: ServingIndex<F, H>,
  segments: readonly string[],
  wantsIpxe: boolean,
): Resolution<F, H> {
  const relPath = segments.join('/');
  if (relPath === '') return error('unknown', 404, 'nothing at /; start at /boot.ipxe', asIpxe(wantsIpxe));
  if (isOperatorOnly(relPath)) return error('static', 403, OPERATOR_ONLY_REASON, asIpxe(wantsIpxe));
  const file = index.file(relPath);
  if (file) {
    const host = file.host === undefined ? undefined : index.host(file.host);
    return host
      ? { kind: 'file', route: 'static', file, host, ipxe: wantsIpxe }
      : { kind: 'file', route: 'static', file, ipxe: wantsIpxe };
  }
  // Under pxe/ipxe/ a machine asks for its own script: any MAC spelling finds it, anything else is
  // a machine the inventory does not have.
  if (relPath.startsWith(`${HOST_SCRIPT_DIR}/`)) {
    const name = segments[segments.length - 1] ?? '';
    const mac = segments.length === 3 && name.endsWith('.ipxe') ? normalizeMac(name.slice(0, -5)) : undefined;
    const host = mac === undefined ? undefined : index.hostByMac(mac);
    const script = host === undefined || host.mac === null ? undefined : index.file(hostScriptPath(host.mac));
    if (host && script) return { kind: 'file', route: 'mac', file: script, host, ipxe: true };
    const reason =
      mac === undefined ? `no file /${relPath} in this OUT` : `no host with MAC ${mac} in this inventory`;
    return error('static', 404, reason, 'unknown-mac');
  }
  return error('unknown', 404, `no file /${relPath} in this OUT`, asIpxe(wantsIpxe));
}

export function resolve<F extends ServingFile, H extends ServingHost>(
  request: RouteRequest,
  index: ServingIndex<F, H>,
): Resolution<F, H> {
  const queryAt = request.url.indexOf('?');
  const path = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
  const decoded = decodeSegments(path);
  const ipxeAgent = request.userAgent.includes('iPXE');
  if (typeof decoded === 'string')
    return error('invalid', 400, decoded, asIpxe(ipxeAgent || path.endsWith('.ipxe')));
  const segments = decoded;
  const [first = ''] = segments;
  const name = segments[segments.length - 1] ?? '';
  const isAsset = first === ASSETS;
  // iPXE does not run a 404 body; for what iPXE asks (scripts), errors come back as a script.
  const wantsIpxe = name.endsWith('.ipxe') || HOST_SCRIPT_NAMES.includes(name) || (ipxeAgent && !isAsset);

  if (first === ADMIN) return admin(request.method, segments);
  if (first === REPORT) return report(request.method, segments);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return error('invalid', 405, `method ${request.method} not allowed; use GET or HEAD`, false);
  }
  if (segments.length === 1 && name === HEALTH) return { kind: 'health', route: 'health' };
  const operatorView = operator<F, H>(segments);
  if (operatorView) return operatorView;
  if (segments.length === 1 && name === METRICS) return { kind: 'metrics', route: 'metrics' };
  if (isAsset) return { kind: 'asset', route: 'asset', relPath: segments.slice(1).join('/') };

  if (`/${segments.join('/')}` === BOOT_SCRIPT_URL) {
    const boot = index.file(BOOT_SCRIPT_PATH);
    return boot
      ? { kind: 'file', route: 'boot', file: boot, ipxe: true }
      : error('boot', 404, `this OUT has no ${BOOT_SCRIPT_PATH}`, 'reason');
  }
  if (first === BY_MAC) {
    if (segments.length !== 3) return error('mac', 404, 'use /mac/<mac>/<file>', asIpxe(wantsIpxe));
    return byMac({ index, route: 'mac', name, wantsIpxe, scripts: true }, segments[1] ?? '');
  }
  if (first === BY_ADDRESS) {
    if (segments.length !== 2) return error('self', 404, 'use /self/<file>', asIpxe(wantsIpxe));
    const look: Lookup<F, H> = { index, route: 'self', name, wantsIpxe, scripts: true };
    const host = index.hostByAddress(request.remote);
    if (!host) return noHost(look, 404, `no host with address ${request.remote} in this inventory`);
    return hostFile(look, host);
  }
  if (segments.length === 1 && queryAt !== -1) {
    const query = new URLSearchParams(request.url.slice(queryAt + 1));
    const look: Lookup<F, H> = { index, route: 'query', name, wantsIpxe, scripts: true };
    const mac = query.get(QUERY_MAC);
    if (mac !== null) return byMac(look, mac);
    for (const key of QUERY_NAMES) {
      const hostName = query.get(key);
      if (hostName !== null) return byName(look, hostName);
    }
  }
  if (first === HOSTS_DIR && segments.length === 3)
    return byName({ index, route: 'host', name, wantsIpxe, scripts: false }, segments[1] ?? '');
  return staticPath(index, segments, wantsIpxe);
}
