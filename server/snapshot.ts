/**
 * One immutable, in-memory view of OUT: every servable file's bytes plus the host indexes the
 * lookup routes need. A request reads one Snapshot reference at its start and is answered from it
 * alone, so a reload (which builds a new Snapshot and swaps the reference) can never mix two.
 */
import { createHash } from 'node:crypto';
import type { ServingFile } from '../serving/entry.js';
import type { ServingIndex } from '../serving/router.js';
import { normalizeAddress } from '../serving/secret-owner.js';
import { DEFAULT_VENDOR_DATA, defaultVendorData } from '../serving/vendor-data.js';
import type { ReportTokens } from './lifecycle/report-tokens.js';
import type { Manifest, ManifestHost } from './manifest.js';

export interface ServedFile extends ServingFile {
  bytes: Buffer;
  sha256: string;
  /** Quoted strong ETag derived from the sha256. */
  etag: string;
  contentType: string;
  /** True for files the server made up (the default NoCloud vendor-data), not read from OUT. */
  synthetic: boolean;
  /** Response headers made once with the file, sent as they are (server/handlers/file.ts). */
  headers: FileHeaders;
}

/** The headers of a file's usual answers; the rest (ranges, one-shot) are made per request. */
export interface FileHeaders {
  /** 200 with the whole file (ranges accepted). */
  readonly whole: Readonly<Record<string, string | number>>;
  /** 304 Not Modified. */
  readonly notModified: Readonly<Record<string, string>>;
}

/** Secrets are never kept by a cache; other files may be, revalidated with their ETag. */
export const cacheControlFor = (secret: boolean): string => (secret ? 'no-store' : 'no-cache');

function fileHeaders(etag: string, contentType: string, secret: boolean, size: number): FileHeaders {
  const cacheControl = cacheControlFor(secret);
  return {
    whole: Object.freeze({
      'Content-Type': contentType,
      ETag: etag,
      'Cache-Control': cacheControl,
      'Accept-Ranges': 'bytes',
      'Content-Length': size,
    }),
    notModified: Object.freeze({ ETag: etag, 'Cache-Control': cacheControl }),
  };
}

export type HostEntry = ManifestHost;

export interface Snapshot {
  /** Increases by one with every successful load. */
  generation: number;
  /** Every servable file by its path relative to OUT. */
  files: ReadonlyMap<string, ServedFile>;
  hosts: ReadonlyMap<string, HostEntry>;
  byMac: ReadonlyMap<string, HostEntry>;
  byAddress: ReadonlyMap<string, HostEntry>;
  /** The same maps as the serving policy's resolver reads them. */
  index: ServingIndex<ServedFile, HostEntry>;
  /** lifecycle/hosts.json: what reports are checked against; absent in an OUT without it. */
  reportTokens?: ReportTokens;
}

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
  gz: 'application/octet-stream',
  zip: 'application/octet-stream',
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
  const etag = `"${sha256}"`;
  const contentType = contentTypeFor(path);
  const file: ServedFile = {
    path,
    bytes,
    sha256,
    etag,
    contentType,
    secret: options.secret,
    synthetic: options.synthetic ?? false,
    headers: fileHeaders(etag, contentType, options.secret, bytes.length),
    ...(options.host === undefined ? {} : { host: options.host }),
  };
  return file;
}

/** Indexes already-loaded files by host, MAC and address; adds the default vendor-data per host. */
export function buildSnapshot(
  manifest: Manifest,
  loaded: readonly ServedFile[],
  generation: number,
): Snapshot {
  const files = new Map<string, ServedFile>();
  for (const file of loaded) files.set(file.path, file);
  for (const { host, path } of defaultVendorData(manifest.hosts, loaded)) {
    files.set(
      path,
      makeServedFile(path, Buffer.from(DEFAULT_VENDOR_DATA), { host, secret: false, synthetic: true }),
    );
  }
  const hosts = new Map<string, HostEntry>();
  const byMac = new Map<string, HostEntry>();
  const byAddress = new Map<string, HostEntry>();
  for (const host of manifest.hosts) {
    hosts.set(host.name, host);
    if (host.mac !== null) byMac.set(host.mac, host);
    byAddress.set(normalizeAddress(host.ip), host);
  }
  const index: ServingIndex<ServedFile, HostEntry> = {
    file: (path) => files.get(path),
    host: (name) => hosts.get(name),
    hostByMac: (mac) => byMac.get(mac),
    hostByAddress: (address) => byAddress.get(address),
  };
  return { generation, files, hosts, byMac, byAddress, index };
}
