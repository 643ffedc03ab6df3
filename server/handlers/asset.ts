/**
 * /assets/<path>: the --assets directory (kernels, initrds, install trees), read from disk per
 * request with Range, HEAD and conditional requests.
 */
import { createReadStream } from 'node:fs';
import { lookupAsset } from '../assets.js';
import { firstHeader, notModified, rangeStillValid } from '../conditional.js';
import type { Exchange, ResolvedAs } from '../exchange.js';
import { parseRange } from '../range.js';
import { refuse } from '../respond.js';
import type { Handler } from './handler.js';

/** nginx's ETag for a file (hex mtime seconds and size), so both servers name a version alike. */
export function assetEtag(mtimeMs: number, size: number): string {
  return `"${Math.floor(mtimeMs / 1000).toString(16)}-${size.toString(16)}"`;
}

export function assetHandler(assetsRoot: string | undefined): Handler<'asset'> {
  return async (ex: Exchange, resolution: ResolvedAs<'asset'>): Promise<void> => {
    const { req, res, reply } = ex;
    if (assetsRoot === undefined) {
      refuse(ex, 404, 'no assets directory is served (start with --assets DIR)');
      return;
    }
    const found = await lookupAsset(assetsRoot, resolution.relPath);
    if (found.kind !== 'file') {
      refuse(ex, found.kind === 'refused' ? 403 : 404, found.reason);
      return;
    }
    const size = found.stat.size;
    const etag = assetEtag(found.stat.mtimeMs, size);
    const lastModified = found.stat.mtime.toUTCString();
    const common = {
      'Accept-Ranges': 'bytes',
      'Last-Modified': lastModified,
      ETag: etag,
      'Content-Type': 'application/octet-stream',
    };
    if (notModified(req.headers, etag, Math.floor(found.stat.mtimeMs / 1000))) {
      res.writeHead(304, { ETag: etag, 'Last-Modified': lastModified });
      res.end();
      return;
    }
    const range = rangeStillValid(firstHeader(req.headers['if-range']), etag, lastModified)
      ? parseRange(req.headers.range, size)
      : ({ kind: 'full' } as const);
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
    if (ex.head || length === 0) {
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
  };
}
