/**
 * manifest.json: every file of OUT with its sha256, size and mode, the host it belongs to and the
 * format that produced it, plus the hosts themselves (the server looks hosts up by MAC and IP
 * from it). Deterministic: sorted by path, no timestamps. Entries are made as files are written
 * (`manifestEntry`), so a streamed OUT never holds every file's bytes at once.
 */
import { createHash } from 'node:crypto';
import type { ClusterPlan } from '../plan/model.js';
import { byKey } from '../encoders/order.js';
import { toBytes } from '../encoders/bytes.js';
import { isSecretMode } from '../host/secrets.js';
import type { FormattedFile } from './output-file.js';

export const MANIFEST_PATH = 'manifest.json';
export const MANIFEST_FORMAT = 'manifest';

export interface ManifestFile {
  path: string;
  sha256: string;
  size: number;
  mode: number;
  host?: string;
  format: string;
  /** True when the file carries a private key, token or password hash (mode 0600). */
  secret: boolean;
}

export interface ManifestHost {
  name: string;
  ip: string;
  /** null for a host not delivered by PXE that has no MAC in the inventory. */
  mac: string | null;
  roles: string[];
}

export interface Manifest {
  version: 1;
  cluster: string;
  /** cluster.bootServer, which every served script points at; absent without PXE delivery. */
  bootServer?: string;
  hosts: ManifestHost[];
  files: ManifestFile[];
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The manifest's record of one file. */
export function manifestEntry(file: FormattedFile): ManifestFile {
  const bytes = toBytes(file.content);
  return entryOf(file, sha256Hex(bytes), bytes.byteLength);
}

/** The record of a file whose bytes were hashed where they were made (emit/tree-writer.ts). */
export function entryOf(file: Omit<FormattedFile, 'content'>, sha256: string, size: number): ManifestFile {
  const entry: ManifestFile = {
    path: file.path,
    sha256,
    size,
    mode: file.mode,
    format: file.format,
    secret: isSecretMode(file.mode),
  };
  if (file.host !== undefined) entry.host = file.host;
  return entry;
}

export function buildManifest(plan: ClusterPlan, entries: readonly ManifestFile[]): Manifest {
  return {
    version: 1,
    cluster: plan.name,
    ...(plan.boot.bootServer === undefined ? {} : { bootServer: plan.boot.bootServer }),
    hosts: plan.hosts.map((h) => ({ name: h.name, ip: h.ip, mac: h.mac ?? null, roles: [...h.roles] })),
    files: [...entries].sort(byKey((f) => f.path)),
  };
}

export function renderManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** manifest.json as the file it is written as. */
export function manifestFile(manifest: Manifest): FormattedFile {
  return { path: MANIFEST_PATH, content: renderManifest(manifest), mode: 0o644, format: MANIFEST_FORMAT };
}
