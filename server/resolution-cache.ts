/**
 * The router's answers remembered per snapshot: resolving a path (split, decode, check every
 * segment, join, look up) was the largest part of the request listener's own time in a profile of
 * a worker under wrk, and a booting fleet asks the same few thousand paths over and over.
 *
 * Only answers that are a function of the request target alone are kept: a file found (not the
 * /self/ lookups, which depend on the remote address), for GET and HEAD (other methods resolve to
 * refusals), per kind of user agent (iPXE or not: it decides how a refusal of the file is
 * answered). Everything else is resolved every time. The cache is dropped when the snapshot
 * changes and cleared when it reaches its bound, so memory stays bounded whatever clients ask.
 */
import { resolve, type RouteRequest } from '../serving/router.js';
import type { Resolved } from './exchange.js';
import type { Snapshot } from './snapshot.js';

type FileResolution = Extract<Resolved, { kind: 'file' }>;

export interface ResolutionCache {
  resolve(request: RouteRequest, snapshot: Snapshot): Resolved;
}

/** `limit`: entries kept at most; by default four per file of the snapshot, and 1,024 more. */
export function resolutionCache(limit?: (snapshot: Snapshot) => number): ResolutionCache {
  let cachedFor: Snapshot | undefined;
  let bound = 0;
  let size = 0;
  const plain = new Map<string, FileResolution>();
  const ipxe = new Map<string, FileResolution>();
  return {
    resolve(request, snapshot) {
      if (snapshot !== cachedFor) {
        cachedFor = snapshot;
        bound = limit?.(snapshot) ?? 4 * snapshot.files.size + 1024;
        plain.clear();
        ipxe.clear();
        size = 0;
      }
      const cacheable = request.method === 'GET' || request.method === 'HEAD';
      const map = request.userAgent.includes('iPXE') ? ipxe : plain;
      if (cacheable) {
        const known = map.get(request.url);
        if (known !== undefined) return known;
      }
      const resolution = resolve(request, snapshot.index);
      if (cacheable && resolution.kind === 'file' && resolution.route !== 'self') {
        if (size >= bound) {
          plain.clear();
          ipxe.clear();
          size = 0;
        }
        map.set(request.url, resolution);
        size += 1;
      }
      return resolution;
    },
  };
}
