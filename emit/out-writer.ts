/**
 * Writes OUT atomically while it is being rendered: files stream into a fresh temporary
 * directory beside OUT as they come, which is then swapped in by rename (`commit`). A run that
 * fails or is killed before the swap leaves the previous OUT exactly as it was; `abort` removes
 * the temporary directory (after a kill, the next run does).
 *
 * The swap is two renames (OUT -> OUT.bootforge-old, tmp -> OUT). A kill between them leaves OUT
 * absent and the previous tree at OUT.bootforge-old; `recoverInterruptedSwap` (run first by every
 * writer) puts it back, so the previous OUT is never lost.
 *
 * Files are not fsynced one by one: a killed process cannot leave a half-written OUT either way
 * (the rename happens only after every write returned), and OUT is regenerated from the inventory
 * and the PKI, which is written durably (pki/atomic-file.ts). Per-file fsync made writing a
 * 1,000-host OUT slower than rendering it.
 */
import { chmod, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { toBytes } from '../encoders/bytes.js';
import type { FormattedFile } from './output-file.js';
import type { FileSink } from './sink.js';
import { treePath, type TreeTarget } from './tree-writer.js';

const TMP_PREFIX = '.bootforge-tmp-';
const OLD_SUFFIX = '.bootforge-old';

/** Files in flight at once: enough to keep the disk busy, few enough descriptors. */
const WRITE_CONCURRENCY = 32;

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** True while process `pid` exists (EPERM: it exists, owned by someone else). */
function isRunning(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Restores OUT from OUT.bootforge-old after a run killed mid-swap, and removes the temporary
 * directories that killed runs left beside OUT. A temporary directory whose run is still going
 * (its name carries the writer's pid) is left alone. Returns one sentence per thing done, for the
 * operator.
 */
export async function recoverInterruptedSwap(outDir: string): Promise<string[]> {
  const out = resolve(outDir);
  const done: string[] = [];
  const old = `${out}${OLD_SUFFIX}`;
  if (await exists(old)) {
    if (await exists(out)) await rm(old, { recursive: true, force: true });
    else {
      await rename(old, out);
      done.push(`put the previous OUT back from ${basename(old)} (a run was interrupted while swapping it)`);
    }
  }
  const parent = dirname(out);
  const stalePrefix = `${TMP_PREFIX}${basename(out)}-`;
  const names = await readdir(parent).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(stalePrefix)) continue;
    const pid = Number(/^(\d+)-\d+$/.exec(name.slice(stalePrefix.length))?.[1]);
    if (Number.isInteger(pid) && pid > 0 && isRunning(pid)) {
      done.push(`left ${name} alone: process ${pid}, which is writing it, is still running`);
      continue;
    }
    await rm(join(parent, name), { recursive: true, force: true });
    done.push(`removed ${name}, left beside OUT by an interrupted run`);
  }
  return done;
}

/** The mode the temporary root was asked for; what it got tells which bits the umask clears. */
const ROOT_MODE = 0o755;

/**
 * Creates a file with its final mode so a secret is never readable, even for a moment. The umask
 * can only narrow that mode; a chmod restores it, and is skipped (one system call of four per
 * file) when the umask seen on the temporary root clears none of the file's bits.
 */
async function writeNewFile(path: string, content: Uint8Array, mode: number, kept: number): Promise<void> {
  await writeFile(path, content, { flag: 'wx', mode });
  if ((mode & ~kept) !== 0) await chmod(path, mode);
}

export class OutWriter implements FileSink {
  /** Each directory is made once, even when several of its files are in flight together. */
  private readonly directories = new Map<string, Promise<unknown>>();
  private readonly inFlight = new Set<Promise<void>>();
  private failure: unknown;
  private finished = false;

  private constructor(
    private readonly out: string,
    /** The temporary directory the new OUT is written into. */
    readonly root: string,
    /** Mode bits the umask provably leaves alone (those of ROOT_MODE it kept). */
    private readonly keptBits: number,
    /** What opening it recovered from interrupted runs (recoverInterruptedSwap), for the operator. */
    readonly recovered: readonly string[],
  ) {
    this.directories.set(root, Promise.resolve());
  }

  /** Recovers an interrupted swap, then creates the temporary directory beside OUT. */
  static async open(outDir: string): Promise<OutWriter> {
    const out = resolve(outDir);
    const recovered = await recoverInterruptedSwap(out);
    const parent = dirname(out);
    await mkdir(parent, { recursive: true });
    const tmp = join(parent, `${TMP_PREFIX}${basename(out)}-${process.pid}-${Date.now()}`);
    await mkdir(tmp, { mode: ROOT_MODE });
    const kept = (await stat(tmp)).mode & ROOT_MODE;
    return new OutWriter(out, tmp, kept, recovered);
  }

  /** The temporary tree, for host workers that write their files into it themselves (TreeWriter). */
  get tree(): TreeTarget {
    return { root: this.root, keptBits: this.keptBits };
  }

  private async store(path: string, content: Uint8Array, mode: number): Promise<void> {
    const dir = dirname(path);
    let made = this.directories.get(dir);
    if (made === undefined) {
      made = mkdir(dir, { recursive: true, mode: 0o755 });
      this.directories.set(dir, made);
    }
    await made;
    await writeNewFile(path, content, mode, this.keptBits);
  }

  async write(file: FormattedFile): Promise<void> {
    if (this.finished) throw new Error('OUT writer already finished');
    if (this.failure !== undefined) throw this.failure;
    const pending: Promise<void> = this.store(
      treePath(this.root, file.path),
      toBytes(file.content),
      file.mode,
    )
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => this.inFlight.delete(pending));
    this.inFlight.add(pending);
    while (this.inFlight.size >= WRITE_CONCURRENCY) await Promise.race(this.inFlight);
  }

  private async drain(): Promise<void> {
    await Promise.all(this.inFlight);
    if (this.failure !== undefined) throw this.failure;
  }

  /** Waits for every write, then swaps the new tree in as OUT. */
  async commit(): Promise<void> {
    try {
      await this.drain();
      const old = `${this.out}${OLD_SUFFIX}`;
      const hadOut = await exists(this.out);
      if (hadOut) await rename(this.out, old);
      await rename(this.root, this.out);
      this.finished = true;
      if (hadOut) await rm(old, { recursive: true, force: true });
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  /** Drops the temporary tree; OUT stays as it was. */
  async abort(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    await Promise.allSettled(this.inFlight);
    await rm(this.root, { recursive: true, force: true });
  }
}

/** Writes `files` as the complete new content of `outDir`, atomically replacing what was there. */
export async function writeTreeAtomically(
  outDir: string,
  files: readonly (Omit<FormattedFile, 'format'> & { format?: string })[],
): Promise<void> {
  const writer = await OutWriter.open(outDir);
  try {
    for (const f of files) await writer.write({ ...f, format: f.format ?? 'file' });
  } catch (error) {
    await writer.abort();
    throw error;
  }
  await writer.commit();
}
