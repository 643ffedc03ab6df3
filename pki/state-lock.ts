/**
 * One writer at a time per state directory: `.lock` is created exclusively and holds the owner's
 * pid. A lock left by a process that no longer exists (killed) is taken over.
 */
import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { createFile, isErrno, SECRET_MODE } from './atomic-file.js';
import { LOCK_FILE } from './state-layout.js';

export class PkiLockedError extends Error {
  constructor(
    readonly stateDir: string,
    readonly pid: number,
  ) {
    super(`the PKI state directory ${stateDir} is in use by process ${pid}`);
    this.name = 'PkiLockedError';
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}

export async function acquireStateLock(stateDir: string): Promise<() => Promise<void>> {
  const path = join(stateDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    // Created complete or not at all: a lock file always names its owner.
    if (await createFile(path, `${process.pid}\n`, SECRET_MODE)) {
      return async () => {
        await unlink(path).catch(() => undefined);
      };
    }
    const owner = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && processAlive(owner)) {
      throw new PkiLockedError(stateDir, owner);
    }
    // Stale: its owner is gone (killed). Take it over.
    await unlink(path).catch(() => undefined);
  }
  throw new Error(`could not lock the PKI state directory ${stateDir}`);
}
