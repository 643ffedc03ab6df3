/**
 * OUT/manifest.json as the server reads it: every file `generate` wrote and the inventory's hosts.
 * Parsed strictly: a manifest the server does not understand is refused whole (a reload then keeps
 * the snapshot it has), never half-used.
 */
import type { ManifestFile as WrittenFile, ManifestHost } from '../emit/manifest.js';
import { normalizeMac } from '../serving/mac.js';
import { isSafeRelativePath } from '../emit/safe-path.js';

/** What the server reads of each entry that emit/manifest.ts writes (the format it ignores). */
export type ManifestFile = Omit<WrittenFile, 'format'>;
export type { ManifestHost };

export interface Manifest {
  files: ManifestFile[];
  hosts: ManifestHost[];
}

export class ManifestError extends Error {
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(`manifest.json ${where}: ${message}`);
    this.name = 'ManifestError';
  }
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field<T>(obj: Json, key: string, where: string, check: (v: unknown) => v is T, what: string): T {
  const value = obj[key];
  if (!check(value)) throw new ManifestError(`${where}.${key}`, `expected ${what}`);
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string' && v !== '';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((s) => typeof s === 'string');

export { isSafeRelativePath };

function parseFile(value: unknown, where: string): ManifestFile {
  if (!isObject(value)) throw new ManifestError(where, 'expected an object');
  const path = field(value, 'path', where, isString, 'a relative path');
  if (!isSafeRelativePath(path)) throw new ManifestError(`${where}.path`, `unsafe path '${path}'`);
  const sha256 = field(value, 'sha256', where, isString, 'a sha256 hex string');
  if (!/^[0-9a-f]{64}$/.test(sha256))
    throw new ManifestError(`${where}.sha256`, 'expected 64 lower-case hex digits');
  const file: ManifestFile = {
    path,
    sha256,
    size: field(value, 'size', where, isCount, 'a byte count'),
    mode: field(value, 'mode', where, isCount, 'a numeric file mode'),
    secret: value['secret'] === undefined ? false : field(value, 'secret', where, isBoolean, 'a boolean'),
  };
  if (value['host'] !== undefined && value['host'] !== null) {
    file.host = field(value, 'host', where, isString, 'a host name');
  }
  return file;
}

function parseHost(value: unknown, where: string): ManifestHost {
  if (!isObject(value)) throw new ManifestError(where, 'expected an object');
  // null: a host not delivered by PXE, with no MAC in the inventory.
  const rawMac = value['mac'] === null ? null : field(value, 'mac', where, isString, 'a MAC address');
  const mac = rawMac === null ? null : normalizeMac(rawMac);
  if (mac === undefined) throw new ManifestError(`${where}.mac`, `'${rawMac}' is not a MAC address`);
  const name = field(value, 'name', where, isString, 'a host name');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name))
    throw new ManifestError(`${where}.name`, `unsafe host name '${name}'`);
  return {
    name,
    ip: field(value, 'ip', where, isString, 'an IP address'),
    mac,
    roles: value['roles'] === undefined ? [] : field(value, 'roles', where, isStringArray, 'a list of roles'),
  };
}

/** Checks the shape and the cross-references (unique paths, names, MACs and IPs; known file hosts). */
export function parseManifest(json: unknown): Manifest {
  if (!isObject(json)) throw new ManifestError('', 'expected a JSON object');
  const files = json['files'];
  if (!Array.isArray(files)) throw new ManifestError('files', 'expected a list');
  const hosts = json['hosts'] ?? [];
  if (!Array.isArray(hosts)) throw new ManifestError('hosts', 'expected a list');
  const manifest: Manifest = {
    files: files.map((f, i) => parseFile(f, `files[${i}]`)),
    hosts: hosts.map((h, i) => parseHost(h, `hosts[${i}]`)),
  };
  const unique = (values: string[], what: string): Set<string> => {
    const seen = new Set<string>();
    values.forEach((v, i) => {
      if (seen.has(v)) throw new ManifestError(`${what}[${i}]`, `duplicate '${v}'`);
      seen.add(v);
    });
    return seen;
  };
  unique(
    manifest.files.map((f) => f.path),
    'files',
  );
  const names = unique(
    manifest.hosts.map((h) => h.name),
    'hosts',
  );
  unique(
    manifest.hosts.flatMap((h) => (h.mac === null ? [] : [h.mac])),
    'hosts',
  );
  unique(
    manifest.hosts.map((h) => h.ip),
    'hosts',
  );
  manifest.files.forEach((f, i) => {
    if (f.host !== undefined && !names.has(f.host)) {
      throw new ManifestError(`files[${i}].host`, `'${f.host}' is not in the manifest's hosts`);
    }
  });
  return manifest;
}
