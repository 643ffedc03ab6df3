/**
 * What goes into a bundle: regular files with their mode, and the directories above them
 * (0755), sorted by path so archives are byte-identical for the same files.
 */
import { byKey } from './order.js';

export interface ArchiveEntry {
  /** Forward slashes, no leading slash; directories end with `/`. */
  path: string;
  /** Permission bits (e.g. 0o600). */
  mode: number;
  /** Absent for a directory. */
  content?: Uint8Array;
}

/** 1980-01-01T00:00:00Z in seconds: every entry's mtime (zip's DOS dates start there). */
export const ARCHIVE_MTIME = 315532800;

export const DIRECTORY_MODE = 0o755;

/** Files plus every parent directory, sorted by path; rejects `..`, absolute and duplicate paths. */
export function withDirectories(
  files: readonly { path: string; mode: number; content: Uint8Array }[],
): ArchiveEntry[] {
  const entries = new Map<string, ArchiveEntry>();
  for (const file of files) {
    const parts = file.path.split('/');
    if (file.path.startsWith('/') || parts.some((p) => p === '' || p === '.' || p === '..')) {
      throw new Error(`archive path must be relative and clean: ${file.path}`);
    }
    if (entries.has(file.path)) throw new Error(`archive path appears twice: ${file.path}`);
    for (let i = 1; i < parts.length; i++) {
      const dir = `${parts.slice(0, i).join('/')}/`;
      if (!entries.has(dir)) entries.set(dir, { path: dir, mode: DIRECTORY_MODE });
    }
    entries.set(file.path, { path: file.path, mode: file.mode & 0o7777, content: file.content });
  }
  return [...entries.values()].sort(byKey((e) => e.path));
}
