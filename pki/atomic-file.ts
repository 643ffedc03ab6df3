/**
 * Crash-safe file writes for the PKI state directory. Content goes to a temporary file in the same
 * directory, is fsynced, then appears under its final name in one step: rename (replace) for
 * certificates, link (create-only, fails when the name exists) for keys that must never be
 * replaced. A killed process leaves at worst a stray temporary file, never a partial file.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export const TEMP_SUFFIX = '.bootforge-tmp';

export const SECRET_MODE = 0o600;
export const PUBLIC_MODE = 0o644;
export const DIR_MODE = 0o700;

function tempPath(path: string): string {
  return join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`,
  );
}

async function writeTemp(path: string, content: string, mode: number): Promise<string> {
  const temp = tempPath(path);
  const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.chmod(mode);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temp;
}

/** Write or replace `path` atomically. */
export async function replaceFile(path: string, content: string, mode: number): Promise<void> {
  const temp = await writeTemp(path, content, mode);
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/**
 * Create `path` atomically, only if it does not exist. Returns false (and writes nothing) when it
 * already exists.
 */
export async function createFile(path: string, content: string, mode: number): Promise<boolean> {
  const temp = await writeTemp(path, content, mode);
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** fsync a directory so that renames and links in it survive a power loss. */
export async function syncDirectory(path: string): Promise<void> {
  const handle = await open(path, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function ensureDirectory(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: DIR_MODE });
}

/** Remove temporary files left by an interrupted run (call only while holding the state lock). */
export async function removeStaleTemporaries(directory: string): Promise<string[]> {
  const removed: string[] = [];
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return removed;
    throw error;
  }
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) removed.push(...(await removeStaleTemporaries(path)));
    else if (entry.name.endsWith(TEMP_SUFFIX)) {
      await unlink(path);
      removed.push(path);
    }
  }
  return removed;
}

export function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}
