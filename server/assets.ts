/**
 * The optional --assets directory (kernels, initrds, install trees) for air-gapped sites. Unlike
 * OUT these are big and read from disk per request; a path is served only when its real path
 * (symlinks resolved) stays inside the assets directory's real path, and it is a regular file.
 */
import { promises as fs, type Stats } from 'node:fs';
import { join, sep } from 'node:path';

export type AssetLookup =
  | { kind: 'file'; path: string; stat: Stats }
  | { kind: 'missing'; reason: string }
  | { kind: 'refused'; reason: string };

export async function lookupAsset(root: string, relPath: string): Promise<AssetLookup> {
  if (relPath === '') return { kind: 'missing', reason: 'no directory listings under /assets/' };
  let real: string;
  try {
    real = await fs.realpath(join(root, relPath));
  } catch {
    return { kind: 'missing', reason: `no asset /assets/${relPath}` };
  }
  if (!real.startsWith(root + sep))
    return { kind: 'refused', reason: `/assets/${relPath} leads outside the assets directory` };
  let stat: Stats;
  try {
    stat = await fs.stat(real);
  } catch {
    return { kind: 'missing', reason: `no asset /assets/${relPath}` };
  }
  if (!stat.isFile()) return { kind: 'missing', reason: `/assets/${relPath} is not a file` };
  return { kind: 'file', path: real, stat };
}
