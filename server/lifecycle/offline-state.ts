/**
 * The lifecycle as read from disk, without a running serve: OUT's manifest.json (the hosts and
 * their roles) and the state directory's log, replayed. For `bootforge status OUT` and
 * `bootforge reinstall OUT HOST`. Reading never changes the log (a torn last line is skipped).
 */
import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseManifest, type Manifest } from '../manifest.js';
import { readLog } from './event-log.js';
import { replay, type HostLifecycle } from './host-state.js';
import { buildStatus, type StatusDocument } from './status-doc.js';

/** `<OUT>.state` beside OUT: survives a regenerated OUT (which is swapped in whole). */
export function defaultStateDir(outDir: string): string {
  return `${resolve(outDir)}.state`;
}

export class NotAnOutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotAnOutError';
  }
}

export async function readOutManifest(outDir: string): Promise<Manifest> {
  const path = join(outDir, 'manifest.json');
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    throw new NotAnOutError(
      `${outDir} is not a generated OUT: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  try {
    return parseManifest(JSON.parse(text));
  } catch (error) {
    throw new NotAnOutError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function readHostStates(stateDir: string): Promise<Map<string, HostLifecycle>> {
  return replay((await readLog(stateDir)).events);
}

export async function offlineStatus(outDir: string, stateDir: string): Promise<StatusDocument> {
  const manifest = await readOutManifest(outDir);
  const states = await readHostStates(stateDir);
  return buildStatus(manifest.hosts, (name) => states.get(name));
}
