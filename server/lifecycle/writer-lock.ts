/**
 * One writer per state directory: the process that appends to the lifecycle log (serve, or
 * `bootforge reinstall` while no serve runs) holds `<state>/writer.pid`, created exclusively with
 * its pid. A file left by a process that is gone (kill -9) is taken over.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'writer.pid';

export class StateBusyError extends Error {
  constructor(
    message: string,
    readonly pid: number,
  ) {
    super(message);
    this.name = 'StateBusyError';
  }
}

export interface WriterLock {
  release(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid holding the state directory, when a live process does. */
export async function lockHolder(stateDir: string): Promise<number | undefined> {
  const text = await fs.readFile(join(stateDir, LOCK_FILE), 'utf8').catch(() => '');
  const pid = Number.parseInt(text, 10);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
}

export async function acquireWriterLock(stateDir: string): Promise<WriterLock> {
  const path = join(stateDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await fs.writeFile(path, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return {
        release: async () => {
          const text = await fs.readFile(path, 'utf8').catch(() => '');
          if (Number.parseInt(text, 10) === process.pid) await fs.rm(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await lockHolder(stateDir);
    if (holder !== undefined) {
      throw new StateBusyError(
        `${stateDir} is written by process ${holder} (${holder === process.pid ? 'this process' : 'another bootforge serve?'}); one writer per state directory`,
        holder,
      );
    }
    // Left by a process that is gone: take it over.
    await fs.rm(path, { force: true });
  }
  throw new Error(`${path}: cannot take the writer lock`);
}
