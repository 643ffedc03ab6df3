/**
 * Writes OUT atomically: every file goes into a fresh temporary directory beside OUT, which is
 * then swapped in by rename. A run that fails or is killed before the swap leaves the previous
 * OUT exactly as it was; the temporary directory is removed (or, after a kill, by the next run).
 *
 * The swap is two renames (OUT -> OUT.bootforge-old, tmp -> OUT). A kill between them leaves OUT
 * absent and the previous tree at OUT.bootforge-old; `recoverInterruptedSwap` (run first by every
 * write) puts it back, so the previous OUT is never lost.
 *
 * Files are not fsynced one by one: a killed process cannot leave a half-written OUT either way
 * (the rename happens only after every write returned), and OUT is regenerated from the inventory
 * and the PKI, which is written durably (pki/atomic-file.ts). Per-file fsync made writing a
 * 1,000-host OUT slower than rendering it.
 */
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { toBytes } from './manifest.js';
import { isSafeRelativePath } from './safe-path.js';

export interface TreeFile {
  path: string;
  content: string | Uint8Array;
  mode: number;
}

const TMP_PREFIX = '.bootforge-tmp-';
const OLD_SUFFIX = '.bootforge-old';

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Restores OUT from OUT.bootforge-old after a run killed mid-swap; removes stale temp dirs. */
export async function recoverInterruptedSwap(outDir: string): Promise<void> {
  const out = resolve(outDir);
  const old = `${out}${OLD_SUFFIX}`;
  if (await exists(old)) {
    if (await exists(out)) await rm(old, { recursive: true, force: true });
    else await rename(old, out);
  }
  const parent = dirname(out);
  const stalePrefix = `${TMP_PREFIX}${basename(out)}-`;
  const names = await readdir(parent).catch(() => [] as string[]);
  for (const name of names) {
    if (name.startsWith(stalePrefix)) await rm(join(parent, name), { recursive: true, force: true });
  }
}

/** Rejects absolute paths and `..` so a generator bug can never write outside OUT. */
function safeJoin(root: string, rel: string): string {
  if (!isSafeRelativePath(rel)) throw new Error(`refusing to write unsafe output path '${rel}'`);
  const full = resolve(root, rel);
  if (!full.startsWith(root + sep)) throw new Error(`refusing to write outside OUT: '${rel}'`);
  return full;
}

async function writeNewFile(path: string, content: string | Uint8Array, mode: number): Promise<void> {
  // Create with the final mode so a secret is never readable, even for a moment.
  const handle = await open(path, 'wx', mode);
  try {
    await handle.writeFile(toBytes(content));
    await handle.chmod(mode); // umask may have narrowed it
  } finally {
    await handle.close();
  }
}

/** Files are written this many at a time: enough to keep the disk busy, few enough descriptors. */
const WRITE_CONCURRENCY = 32;

async function writeAll(root: string, files: readonly TreeFile[]): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const f = files[next++]!;
      await writeNewFile(safeJoin(root, f.path), f.content, f.mode);
    }
  };
  await Promise.all(Array.from({ length: Math.min(WRITE_CONCURRENCY, files.length) }, worker));
}

/** Writes `files` as the complete new content of `outDir`, atomically replacing what was there. */
export async function writeTreeAtomically(outDir: string, files: readonly TreeFile[]): Promise<void> {
  const out = resolve(outDir);
  await recoverInterruptedSwap(out);
  const parent = dirname(out);
  await mkdir(parent, { recursive: true });
  const tmp = join(parent, `${TMP_PREFIX}${basename(out)}-${process.pid}-${Date.now()}`);
  await mkdir(tmp, { mode: 0o755 });
  try {
    const dirs = new Set<string>();
    for (const f of files) dirs.add(dirname(safeJoin(tmp, f.path)));
    for (const d of [...dirs].sort()) await mkdir(d, { recursive: true, mode: 0o755 });
    await writeAll(tmp, files);
    const old = `${out}${OLD_SUFFIX}`;
    const hadOut = await exists(out);
    if (hadOut) await rename(out, old);
    await rename(tmp, out);
    if (hadOut) await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    throw error;
  }
}
