/**
 * manifest.json: every file of OUT with its sha256, size and mode, the host it belongs to and the
 * format that produced it, plus the hosts themselves (the server looks hosts up by MAC and IP
 * from it). Deterministic: sorted by path, no timestamps.
 */
import { createHash } from 'node:crypto';
import type { ClusterPlan } from '../plan/model.js';
import type { OutputFile } from '../generators/generator.js';
import { byKey } from '../host/order.js';

export const MANIFEST_PATH = 'manifest.json';

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
  mac: string;
  roles: string[];
}

export interface Manifest {
  version: 1;
  cluster: string;
  hosts: ManifestHost[];
  files: ManifestFile[];
}

/** An OutputFile tagged with the generator (format) that produced it. */
export interface FormattedFile extends OutputFile {
  format: string;
}

export function toBytes(content: string | Uint8Array): Uint8Array {
  return typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
}

export function toText(content: string | Uint8Array): string {
  return typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function isSecretMode(mode: number): boolean {
  return (mode & 0o077) === 0;
}

export function buildManifest(plan: ClusterPlan, files: readonly FormattedFile[]): Manifest {
  const entries = files
    .map((f): ManifestFile => {
      const bytes = toBytes(f.content);
      const entry: ManifestFile = {
        path: f.path,
        sha256: sha256Hex(bytes),
        size: bytes.byteLength,
        mode: f.mode,
        format: f.format,
        secret: isSecretMode(f.mode),
      };
      if (f.host !== undefined) entry.host = f.host;
      return entry;
    })
    .sort(byKey((f) => f.path));
  return {
    version: 1,
    cluster: plan.name,
    hosts: plan.hosts.map((h) => ({ name: h.name, ip: h.ip, mac: h.mac, roles: [...h.roles] })),
    files: entries,
  };
}

export function renderManifest(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
