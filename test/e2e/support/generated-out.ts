/** Reading a generated OUT the way the tests check it: manifest.json and the files it lists. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The fields of one manifest.json entry the tests read (emit/manifest.ts writes them). */
export interface ManifestEntry {
  path: string;
  sha256: string;
  size: number;
  mode: number;
  host?: string;
  secret: boolean;
}

function isEntry(value: unknown): value is ManifestEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return typeof entry.path === 'string' && typeof entry.sha256 === 'string' && typeof entry.size === 'number';
}

/** manifest.json's files by path. */
export async function readManifest(out: string): Promise<Map<string, ManifestEntry>> {
  const parsed: unknown = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8'));
  const files =
    typeof parsed === 'object' && parsed !== null ? (parsed as { files?: unknown }).files : undefined;
  if (!Array.isArray(files) || !files.every(isEntry))
    throw new Error(`${out}/manifest.json has no valid files list`);
  return new Map(files.map((entry) => [entry.path, entry]));
}

export function manifestEntry(manifest: Map<string, ManifestEntry>, path: string): ManifestEntry {
  const entry = manifest.get(path);
  if (entry === undefined) throw new Error(`manifest.json does not list ${path}`);
  return entry;
}
