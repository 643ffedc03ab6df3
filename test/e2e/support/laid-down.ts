/**
 * What a first-boot format leaves on a host, in one shape for all three: files (unit files and
 * drop-ins included, as systemd reads them from /etc/systemd/system), directories, and enabled
 * units. formats-agree.test.ts builds one per format and compares them.
 */
import { createHash } from 'node:crypto';
import type { IgnitionContent } from './ignition-config.js';

export interface LaidDownEntry {
  mode: number;
  user: string;
  group: string;
}

export interface LaidDownFile extends LaidDownEntry {
  sha256: string;
  size: number;
}

export interface LaidDown {
  files: Map<string, LaidDownFile>;
  directories: Map<string, LaidDownEntry>;
  /** Names of the units the format enables. */
  enabledUnits: Set<string>;
}

export const SYSTEMD_DIR = '/etc/systemd/system';

export function fileEntry(bytes: Uint8Array, entry: LaidDownEntry): LaidDownFile {
  return { ...entry, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
}

export function emptyLaidDown(): LaidDown {
  return { files: new Map(), directories: new Map(), enabledUnits: new Set() };
}

/**
 * Ignition's native content as files: storage.files (inline ones; remote files are returned
 * apart), systemd.units as /etc/systemd/system/<name> and drop-ins as <name>.d/<file>, both 0644
 * root-owned, which is how Ignition writes them.
 */
export function fromIgnition(content: IgnitionContent): LaidDown {
  const laid = emptyLaidDown();
  for (const file of content.files) {
    if (file.bytes === undefined) continue;
    laid.files.set(file.path, fileEntry(file.bytes, file));
  }
  const root = { mode: 0o644, user: 'root', group: 'root' };
  for (const unit of content.units) {
    if (unit.contents !== undefined) {
      laid.files.set(`${SYSTEMD_DIR}/${unit.name}`, fileEntry(Buffer.from(unit.contents), root));
    }
    for (const dropin of unit.dropins) {
      laid.files.set(
        `${SYSTEMD_DIR}/${unit.name}.d/${dropin.name}`,
        fileEntry(Buffer.from(dropin.contents), root),
      );
    }
    if (unit.enabled) laid.enabledUnits.add(unit.name);
  }
  for (const dir of content.directories)
    laid.directories.set(dir.path, { mode: dir.mode, user: dir.user, group: dir.group });
  return laid;
}

/** Sorted `path mode user:group sha256` lines: what a failing comparison prints. */
export function describeFiles(files: ReadonlyMap<string, LaidDownFile>): string[] {
  return [...files.entries()]
    .map(([path, f]) => `${path} ${f.mode.toString(8).padStart(4, '0')} ${f.user}:${f.group} ${f.sha256}`)
    .sort();
}

export function describeDirectories(directories: ReadonlyMap<string, LaidDownEntry>): string[] {
  return [...directories.entries()]
    .map(([path, d]) => `${path} ${d.mode.toString(8).padStart(4, '0')} ${d.user}:${d.group}`)
    .sort();
}
