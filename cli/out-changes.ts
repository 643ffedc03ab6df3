/**
 * What `generate` would change in OUT: the files it renders against the files OUT holds, per
 * host and file (added, removed, changed in bytes or mode). Reads OUT as it is on disk, so hand
 * edits and files made stale by a PKI rotation show up as changes.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_PATH } from '../emit/manifest.js';
import type { FormattedFile } from '../emit/output-file.js';
import { toBytes } from '../encoders/bytes.js';
import { compareStrings } from '../encoders/order.js';

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface OutChange {
  path: string;
  /** The host the file belongs to; undefined for cluster-wide files. */
  host?: string;
  change: ChangeKind;
  /** Modes when they differ (or the one mode of an added/removed file). */
  modeBefore?: number;
  modeAfter?: number;
  before?: Uint8Array;
  after?: Uint8Array;
}

interface DiskFile {
  bytes: Uint8Array;
  mode: number;
}

/** Every file under OUT (none when OUT does not exist). */
export async function readOutTree(outDir: string): Promise<Map<string, DiskFile>> {
  const files = new Map<string, DiskFile>();
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(join(outDir, rel), { withFileTypes: true });
    for (const entry of entries) {
      const path = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) {
        const full = join(outDir, path);
        files.set(path, { bytes: await readFile(full), mode: (await stat(full)).mode & 0o777 });
      }
    }
  };
  try {
    await walk('');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return files;
}

/** Hosts of the files OUT's own manifest names (for files the new render no longer has). */
function previousHosts(disk: ReadonlyMap<string, DiskFile>): Map<string, string> {
  const hosts = new Map<string, string>();
  const manifest = disk.get(MANIFEST_PATH);
  if (manifest === undefined) return hosts;
  try {
    const parsed = JSON.parse(Buffer.from(manifest.bytes).toString('utf8')) as {
      files?: { path?: unknown; host?: unknown }[];
    };
    for (const f of parsed.files ?? [])
      if (typeof f.path === 'string' && typeof f.host === 'string') hosts.set(f.path, f.host);
  } catch {
    // Not a manifest we can read: removed files are listed without their host.
  }
  return hosts;
}

const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

export function outChanges(
  rendered: readonly FormattedFile[],
  disk: ReadonlyMap<string, DiskFile>,
): OutChange[] {
  const changes: OutChange[] = [];
  const wanted = new Set<string>();
  for (const file of rendered) {
    wanted.add(file.path);
    const after = toBytes(file.content);
    const host = file.host === undefined ? {} : { host: file.host };
    const old = disk.get(file.path);
    if (old === undefined) {
      changes.push({ path: file.path, ...host, change: 'added', modeAfter: file.mode, after });
    } else if (!sameBytes(old.bytes, after) || old.mode !== file.mode) {
      changes.push({
        path: file.path,
        ...host,
        change: 'changed',
        ...(old.mode === file.mode ? {} : { modeBefore: old.mode, modeAfter: file.mode }),
        before: old.bytes,
        after,
      });
    }
  }
  const hosts = previousHosts(disk);
  for (const [path, old] of disk) {
    if (wanted.has(path)) continue;
    const host = hosts.get(path);
    changes.push({
      path,
      ...(host === undefined ? {} : { host }),
      change: 'removed',
      modeBefore: old.mode,
      before: old.bytes,
    });
  }
  return changes.sort((a, b) => compareStrings(a.path, b.path));
}
