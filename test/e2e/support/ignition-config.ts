/**
 * What an Ignition config lays down, read with JSON.parse and RFC 2397 data-URL decoding done
 * here (not with the generator's helpers): files (path, mode, bytes, or a remote source), units
 * with their drop-ins, directories.
 */
import { gunzipSync } from 'node:zlib';

export interface IgnitionFile {
  path: string;
  mode: number;
  /** Owner names; Ignition's default is root. */
  user: string;
  group: string;
  /** Inline contents; absent for a remote file (then `source` is its URL and `hash` its verification). */
  bytes?: Buffer;
  source?: string;
  hash?: string;
}

export interface IgnitionUnit {
  name: string;
  enabled: boolean;
  contents?: string;
  dropins: { name: string; contents: string }[];
}

export interface IgnitionContent {
  files: IgnitionFile[];
  units: IgnitionUnit[];
  directories: { path: string; mode: number; user: string; group: string }[];
  /** passwd.users: name and SSH keys. */
  users: { name: string; sshAuthorizedKeys: string[] }[];
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

/** Ignition's `user`/`group` objects ({ name } or { id }); absent means root. */
function ownerName(value: unknown): string {
  if (!isObject(value)) return 'root';
  if (typeof value.name === 'string') return value.name;
  if (value.id === 0) return 'root';
  throw new Error(`Ignition config: owner ${JSON.stringify(value)} is not given by name`);
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new Error(`Ignition config: ${what} is not a string`);
  return value;
}

/** RFC 2397: `data:[<mediatype>][;base64],<data>`; without base64 the data is percent-encoded bytes. */
export function decodeDataUrl(url: string): Buffer {
  const comma = url.indexOf(',');
  if (!url.startsWith('data:') || comma < 0) throw new Error(`not a data URL: ${url.slice(0, 40)}`);
  const meta = url.slice('data:'.length, comma);
  const payload = url.slice(comma + 1);
  if (meta.split(';').includes('base64')) return Buffer.from(payload, 'base64');
  const bytes: number[] = [];
  for (let i = 0; i < payload.length; i++) {
    const char = payload.charCodeAt(i);
    if (payload[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(payload.slice(i + 1, i + 3))) {
      bytes.push(parseInt(payload.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (char < 0x80) {
      bytes.push(char);
    } else {
      bytes.push(...Buffer.from(payload[i] ?? '', 'utf8'));
    }
  }
  return Buffer.from(bytes);
}

export function readIgnitionConfig(json: string): IgnitionContent {
  const config: unknown = JSON.parse(json);
  if (!isObject(config)) throw new Error('Ignition config is not a JSON object');
  const storage = isObject(config.storage) ? config.storage : {};
  const systemd = isObject(config.systemd) ? config.systemd : {};
  const files = list(storage.files).map((entry): IgnitionFile => {
    const path = text(entry.path, 'storage.files[].path');
    const mode = typeof entry.mode === 'number' ? entry.mode : 0o644;
    const owner = { user: ownerName(entry.user), group: ownerName(entry.group) };
    const contents = isObject(entry.contents) ? entry.contents : {};
    const source = typeof contents.source === 'string' ? contents.source : '';
    if (!source.startsWith('data:')) {
      const verification = isObject(contents.verification) ? contents.verification : {};
      const hash = typeof verification.hash === 'string' ? verification.hash : undefined;
      return { path, mode, ...owner, source, ...(hash === undefined ? {} : { hash }) };
    }
    const raw = decodeDataUrl(source);
    return { path, mode, ...owner, bytes: contents.compression === 'gzip' ? gunzipSync(raw) : raw };
  });
  const units = list(systemd.units).map((entry): IgnitionUnit => ({
    name: text(entry.name, 'systemd.units[].name'),
    enabled: entry.enabled === true,
    ...(typeof entry.contents === 'string' ? { contents: entry.contents } : {}),
    dropins: list(entry.dropins).map((d) => ({
      name: text(d.name, 'dropins[].name'),
      contents: text(d.contents, 'dropins[].contents'),
    })),
  }));
  const directories = list(storage.directories).map((entry) => ({
    path: text(entry.path, 'storage.directories[].path'),
    mode: typeof entry.mode === 'number' ? entry.mode : 0o755,
    user: ownerName(entry.user),
    group: ownerName(entry.group),
  }));
  const passwd = isObject(config.passwd) ? config.passwd : {};
  const users = list(passwd.users).map((entry) => ({
    name: text(entry.name, 'passwd.users[].name'),
    sshAuthorizedKeys: Array.isArray(entry.sshAuthorizedKeys)
      ? entry.sshAuthorizedKeys.filter((k): k is string => typeof k === 'string')
      : [],
  }));
  return { files, units, directories, users };
}
