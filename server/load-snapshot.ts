/**
 * Reads OUT into a Snapshot: the manifest, then every servable file, each checked against the
 * manifest's size and sha256. Anything wrong (a missing or changed file, a symlink, a bad
 * manifest) fails the whole load with a one-line reason; the caller keeps its previous snapshot.
 */
import { constants, promises as fs } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parseManifest, type Manifest, type ManifestFile } from './manifest.js';
import { isOperatorOnly } from '../serving/operator-only.js';
import { buildSnapshot, makeServedFile, type ServedFile, type Snapshot } from './snapshot.js';
import { isSecretMode } from '../host/secrets.js';
import { HOSTS_FILE, parseReportTokens, type ReportTokens } from './lifecycle/report-tokens.js';

export class SnapshotLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotLoadError';
  }
}

/** What identifies one version of OUT on disk: the manifest's inode, size and mtime, and OUT's inode. */
export interface OutStamp {
  dirIno: number;
  manifestIno: number;
  manifestSize: number;
  manifestMtimeMs: number;
}

export async function statOut(outDir: string): Promise<OutStamp> {
  const [dir, manifest] = await Promise.all([fs.stat(outDir), fs.stat(join(outDir, 'manifest.json'))]);
  return {
    dirIno: dir.ino,
    manifestIno: manifest.ino,
    manifestSize: manifest.size,
    manifestMtimeMs: manifest.mtimeMs,
  };
}

export function sameStamp(a: OutStamp | undefined, b: OutStamp | undefined): boolean {
  return (
    a !== undefined &&
    b !== undefined &&
    a.dirIno === b.dirIno &&
    a.manifestIno === b.manifestIno &&
    a.manifestSize === b.manifestSize &&
    a.manifestMtimeMs === b.manifestMtimeMs
  );
}

/** A file is secret when the manifest says so or its mode (in the manifest or on disk) is owner-only. */
export { isSecretMode };

/**
 * A file belongs to the host the manifest names (serving/secret-owner.ts never guesses from the
 * path). A manifest that files one host's file under another host's directory is refused whole.
 */
function checkOwner(entry: ManifestFile, manifest: Manifest): void {
  const dirHost = /^hosts\/([^/]+)\//.exec(entry.path)?.[1];
  if (dirHost === undefined || entry.host === undefined || entry.host === dirHost) return;
  if (manifest.hosts.some((h) => h.name === dirHost)) {
    throw new SnapshotLoadError(
      `manifest.json: ${entry.path} lies under hosts/${dirHost}/ but names host '${entry.host}'`,
    );
  }
}

async function readManifest(outDir: string): Promise<Manifest> {
  let text: string;
  try {
    text = await fs.readFile(join(outDir, 'manifest.json'), 'utf8');
  } catch (error) {
    throw new SnapshotLoadError(`cannot read ${join(outDir, 'manifest.json')}: ${describe(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SnapshotLoadError(`manifest.json is not valid JSON: ${describe(error)}`);
  }
  try {
    return parseManifest(json);
  } catch (error) {
    throw new SnapshotLoadError(describe(error));
  }
}

async function readFile(root: string, entry: ManifestFile, manifest: Manifest): Promise<ServedFile> {
  const full = join(root, entry.path);
  let bytes: Buffer;
  let diskMode: number;
  try {
    // A symlinked directory inside OUT must not lead out of it either.
    const real = await fs.realpath(full);
    if (real !== full)
      throw new SnapshotLoadError(`${entry.path} goes through a symlink; OUT must be a plain tree`);
    // O_NOFOLLOW: a symlink planted in OUT is refused, not followed out of the tree.
    const handle = await fs.open(full, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new SnapshotLoadError(`${entry.path} is not a regular file`);
      diskMode = stat.mode & 0o777;
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof SnapshotLoadError) throw error;
    throw new SnapshotLoadError(`cannot read ${entry.path}: ${describe(error)}`);
  }
  if (bytes.length !== entry.size) {
    throw new SnapshotLoadError(`${entry.path} has ${bytes.length} bytes, manifest.json says ${entry.size}`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== entry.sha256)
    throw new SnapshotLoadError(`${entry.path} does not match its sha256 in manifest.json`);
  checkOwner(entry, manifest);
  const host = entry.host;
  const secret = entry.secret || isSecretMode(entry.mode) || isSecretMode(diskMode);
  return makeServedFile(entry.path, bytes, { secret, sha256, ...(host === undefined ? {} : { host }) });
}

/** Loads OUT (never its operator-only parts) and verifies every byte against the manifest. */
export async function loadSnapshot(outDir: string, generation: number): Promise<Snapshot> {
  const manifest = await readManifest(outDir);
  let root: string;
  try {
    root = await fs.realpath(outDir);
  } catch (error) {
    throw new SnapshotLoadError(`cannot resolve ${outDir}: ${describe(error)}`);
  }
  const servable = manifest.files.filter((f) => !isOperatorOnly(f.path));
  const loaded: ServedFile[] = [];
  // Bounded parallelism: fast on a large OUT without running out of file descriptors.
  for (let start = 0; start < servable.length; start += READ_BATCH) {
    const batch = servable.slice(start, start + READ_BATCH);
    loaded.push(...(await Promise.all(batch.map((entry) => readFile(root, entry, manifest)))));
  }
  const snapshot = buildSnapshot(manifest, loaded, generation);
  const reportTokens = await loadReportTokens(root, manifest);
  return reportTokens === undefined ? snapshot : { ...snapshot, reportTokens };
}

/** lifecycle/hosts.json (operator-only, so not among the served files), checked like them. */
async function loadReportTokens(root: string, manifest: Manifest): Promise<ReportTokens | undefined> {
  const entry = manifest.files.find((f) => f.path === HOSTS_FILE);
  if (entry === undefined) return undefined;
  const file = await readFile(root, entry, manifest);
  try {
    return parseReportTokens(file.bytes.toString('utf8'));
  } catch (error) {
    throw new SnapshotLoadError(describe(error));
  }
}

const READ_BATCH = 64;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
