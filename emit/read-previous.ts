/**
 * Reads the files of an existing OUT, as its manifest lists them, so a partial `generate`
 * (--only, --hosts) can carry over what it does not re-render. A file whose bytes no longer
 * match the manifest is an error: OUT was edited by hand, and carrying it over silently would
 * hide that.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_PATH, sha256Hex, type Manifest } from './manifest.js';
import type { FormattedFile } from './output-file.js';
import { isSafeRelativePath } from './safe-path.js';

export async function readPreviousOut(outDir: string): Promise<FormattedFile[]> {
  let text: string;
  try {
    text = await readFile(join(outDir, MANIFEST_PATH), 'utf8');
  } catch (error) {
    // No previous OUT (or none written by bootforge): nothing to carry over.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  // Anything else must be a manifest we understand: carrying over "nothing" from an unreadable
  // one would silently drop every file outside the selection.
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
  } catch {
    throw new Error(`${join(outDir, MANIFEST_PATH)} is not valid JSON; regenerate without --only/--hosts`);
  }
  if (!Array.isArray(manifest.files) || manifest.files.some((f) => !isSafeRelativePath(f.path))) {
    throw new Error(
      `${join(outDir, MANIFEST_PATH)} is not a bootforge manifest; regenerate without --only/--hosts`,
    );
  }
  const files: FormattedFile[] = [];
  for (const entry of manifest.files) {
    const bytes = await readFile(join(outDir, entry.path));
    if (sha256Hex(bytes) !== entry.sha256) {
      throw new Error(
        `${join(outDir, entry.path)} differs from ${MANIFEST_PATH}; regenerate without --only/--hosts`,
      );
    }
    const file: FormattedFile = { path: entry.path, content: bytes, mode: entry.mode, format: entry.format };
    if (entry.host !== undefined) file.host = entry.host;
    files.push(file);
  }
  return files;
}
