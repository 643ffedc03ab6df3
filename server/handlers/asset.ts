/**
 * /assets/<path>: the --assets directory (kernels, initrds, install trees), read from disk per
 * request with Range, HEAD and conditional requests, in 1 MiB chunks from the process's bounded
 * pool (server/stream/): memory stays flat however many machines download at once.
 */
import { constants, promises as fs, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { lookupAsset } from '../assets.js';
import { firstHeader, notModified, rangeStillValid } from '../conditional.js';
import type { Exchange, ResolvedAs } from '../exchange.js';
import { parseRange } from '../range.js';
import { refuse } from '../respond.js';
import { sendFileRange } from '../stream/send-file.js';
import type { ChunkPool } from '../stream/chunk-pool.js';
import type { Handler } from './handler.js';

/** nginx's ETag for a file (hex mtime seconds and size), so both servers name a version alike. */
export function assetEtag(mtimeMs: number, size: number): string {
  return `"${Math.floor(mtimeMs / 1000).toString(16)}-${size.toString(16)}"`;
}

export function assetHandler(assetsRoot: string | undefined, pool: ChunkPool): Handler<'asset'> {
  return async (ex: Exchange, resolution: ResolvedAs<'asset'>): Promise<void> => {
    if (assetsRoot === undefined) {
      refuse(ex, 404, 'no assets directory is served (start with --assets DIR)');
      return;
    }
    const found = await lookupAsset(assetsRoot, resolution.relPath);
    if (found.kind !== 'file') {
      refuse(ex, found.kind === 'refused' ? 403 : 404, found.reason);
      return;
    }
    let file: FileHandle;
    try {
      file = await fs.open(found.path, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch {
      refuse(ex, 404, `no asset /assets/${resolution.relPath}`);
      return;
    }
    try {
      await answer(ex, file, await file.stat(), pool);
    } finally {
      await file.close();
    }
  };
}

/** The answer for one open asset: 304, 416, HEAD, or the bytes (whole or one range). */
async function answer(ex: Exchange, file: FileHandle, stat: Stats, pool: ChunkPool): Promise<void> {
  const { req, res, reply } = ex;
  const size = stat.size;
  const etag = assetEtag(stat.mtimeMs, size);
  const lastModified = stat.mtime.toUTCString();
  const common = {
    'Accept-Ranges': 'bytes',
    'Last-Modified': lastModified,
    ETag: etag,
    'Content-Type': 'application/octet-stream',
  };
  if (notModified(req.headers, etag, Math.floor(stat.mtimeMs / 1000))) {
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
  // Counted as it goes: the access log is written on 'close', before this function resumes.
  await sendFileRange(file, start, length, res, { pool, onBytes: (n) => (reply.bytes += n) });
}
