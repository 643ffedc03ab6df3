/**
 * One immutable, in-memory view of OUT: every servable file's bytes plus the host indexes the
 * lookup routes need. A request reads one Snapshot reference at its start and is answered from it
 * alone, so a reload (which builds a new Snapshot and swaps the reference) can never mix two.
 */
import { createHash } from 'node:crypto';
// The same file name the PXE generator wrote.
import { macHyphen } from '../generators/pxe/mac-names.js';
import type { Manifest, ManifestHost } from './manifest.js';
import { normalizeAddress } from './address.js';

export interface ServedFile {
  /** Path relative to OUT. */
  path: string;
  bytes: Buffer;
  sha256: string;
  /** Quoted strong ETag derived from the sha256. */
  etag: string;
  contentType: string;
  /** Owning host, if any. */
  host?: string;
  /** Served only to the owning host's address (see server/secret-policy.ts). */
  secret: boolean;
  /** True for files the server made up (the empty NoCloud vendor-data), not read from OUT. */
  synthetic: boolean;
}

export interface HostEntry extends ManifestHost {
  /** Files under hosts/<name>/, by file name (user-data, meta-data, ks.cfg, ...). */
  files: ReadonlyMap<string, ServedFile>;
  /** The host's own iPXE script (pxe/ipxe/<mac-hyphen>.ipxe), when OUT has one. */
  ipxe?: ServedFile;
}

export interface Snapshot {
  /** Increases by one with every successful load. */
  generation: number;
  /** Every servable file by its path relative to OUT. */
  files: ReadonlyMap<string, ServedFile>;
  hosts: ReadonlyMap<string, HostEntry>;
  byMac: ReadonlyMap<string, HostEntry>;
  byAddress: ReadonlyMap<string, HostEntry>;
}

/** Paths never loaded nor served: operator material and the manifest itself. */
export function isOperatorOnly(path: string): boolean {
  return path === 'manifest.json' || path === 'cluster' || path.startsWith('cluster/');
}

/** NoCloud asks for vendor-data too; a host without one gets this (an empty cloud-config). */
export const EMPTY_VENDOR_DATA = '#cloud-config\n';

const CONTENT_TYPES: Record<string, string> = {
  ipxe: 'text/plain; charset=utf-8',
  cfg: 'text/plain; charset=utf-8',
  conf: 'text/plain; charset=utf-8',
  json: 'application/json',
  ign: 'application/json',
  iso: 'application/octet-stream',
  img: 'application/octet-stream',
  efi: 'application/octet-stream',
  kpxe: 'application/octet-stream',
  '0': 'application/octet-stream',
};

export function contentTypeFor(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  return CONTENT_TYPES[ext] ?? 'text/plain; charset=utf-8';
}

export function makeServedFile(
  path: string,
  bytes: Buffer,
  options: { host?: string; secret: boolean; synthetic?: boolean; sha256?: string },
): ServedFile {
  const sha256 = options.sha256 ?? createHash('sha256').update(bytes).digest('hex');
  const file: ServedFile = {
    path,
    bytes,
    sha256,
    etag: `"${sha256}"`,
    contentType: contentTypeFor(path),
    secret: options.secret,
    synthetic: options.synthetic ?? false,
  };
  if (options.host !== undefined) file.host = options.host;
  return file;
}

/** Indexes already-loaded files by host, MAC and address; adds a default vendor-data per host. */
export function buildSnapshot(
  manifest: Manifest,
  loaded: readonly ServedFile[],
  generation: number,
): Snapshot {
  const files = new Map<string, ServedFile>();
  for (const file of loaded) files.set(file.path, file);
  const hosts = new Map<string, HostEntry>();
  const byMac = new Map<string, HostEntry>();
  const byAddress = new Map<string, HostEntry>();
  const byHostDir = new Map<string, Map<string, ServedFile>>();
  for (const file of loaded) {
    const parts = file.path.split('/');
    if (parts.length !== 3 || parts[0] !== 'hosts') continue;
    const [, dir = '', name = ''] = parts;
    const own = byHostDir.get(dir) ?? new Map<string, ServedFile>();
    own.set(name, file);
    byHostDir.set(dir, own);
  }
  for (const host of manifest.hosts) {
    const prefix = `hosts/${host.name}/`;
    const own = byHostDir.get(host.name) ?? new Map<string, ServedFile>();
    if (!own.has('vendor-data')) {
      const vendorData = makeServedFile(`${prefix}vendor-data`, Buffer.from(EMPTY_VENDOR_DATA), {
        host: host.name,
        secret: false,
        synthetic: true,
      });
      own.set('vendor-data', vendorData);
      files.set(vendorData.path, vendorData);
    }
    const entry: HostEntry = { ...host, files: own };
    const ipxe = files.get(`pxe/ipxe/${macHyphen(host.mac)}.ipxe`);
    if (ipxe) entry.ipxe = ipxe;
    hosts.set(host.name, entry);
    byMac.set(host.mac, entry);
    byAddress.set(normalizeAddress(host.ip), entry);
  }
  return { generation, files, hosts, byMac, byAddress };
}
