/**
 * What cloud-init lays down from a `#cloud-config` user-data: write_files decoded as cloud-init
 * does (cc_write_files: b64/base64, gzip/gz, gz+b64/gzip+base64, octal permissions, owner
 * default root:root), and the runcmd lines that finish the job (owners, directories, enabling
 * units), split into words by bash itself.
 */
import { gunzipSync } from 'node:zlib';
import { load } from 'js-yaml';
import { emptyLaidDown, fileEntry, type LaidDown } from './laid-down.js';
import { shellWords } from './shell-words.js';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decode(content: string, encoding: string | undefined): Buffer {
  switch ((encoding ?? 'text/plain').toLowerCase()) {
    case 'b64':
    case 'base64':
      return Buffer.from(content, 'base64');
    case 'gz':
    case 'gzip':
      return gunzipSync(Buffer.from(content, 'latin1'));
    case 'gz+b64':
    case 'gz+base64':
    case 'gzip+b64':
    case 'gzip+base64':
      return gunzipSync(Buffer.from(content, 'base64'));
    case 'text/plain':
      return Buffer.from(content, 'utf8');
    default:
      throw new Error(`write_files: unknown encoding ${encoding ?? ''}`);
  }
}

function owner(value: unknown): { user: string; group: string } {
  const text = typeof value === 'string' ? value : 'root:root';
  const [user = 'root', group = user] = text.split(':');
  return { user, group };
}

export interface CloudConfigContent {
  laid: LaidDown;
  /** write_files bytes by path, decoded (unit files' [Install] sections are read from them). */
  bytes: Map<string, Buffer>;
  /** users[].name -> ssh_authorized_keys */
  users: Map<string, string[]>;
  packages: string[];
  /** yum_repos as the .repo file cloud-init writes for each: id -> key -> value (booleans as 1/0). */
  yumRepos: Map<string, Map<string, string>>;
}

export async function readCloudConfig(userData: string): Promise<CloudConfigContent> {
  if (!userData.startsWith('#cloud-config\n')) throw new Error('user-data is not a #cloud-config document');
  const doc: unknown = load(userData);
  if (!isObject(doc)) throw new Error('user-data is not a YAML mapping');
  const laid = emptyLaidDown();
  const bytes = new Map<string, Buffer>();
  for (const entry of Array.isArray(doc.write_files) ? doc.write_files : []) {
    if (!isObject(entry) || typeof entry.path !== 'string')
      throw new Error('write_files entry without a path');
    const content = typeof entry.content === 'string' ? entry.content : '';
    const encoding = typeof entry.encoding === 'string' ? entry.encoding : undefined;
    const permissions = typeof entry.permissions === 'string' ? entry.permissions : '0644';
    if (entry.append === true || entry.defer === true)
      throw new Error(`${entry.path}: append/defer not modelled`);
    const decoded = decode(content, encoding);
    bytes.set(entry.path, decoded);
    laid.files.set(entry.path, fileEntry(decoded, { mode: parseInt(permissions, 8), ...owner(entry.owner) }));
  }
  const runcmd = (Array.isArray(doc.runcmd) ? doc.runcmd : []).map((line) => {
    if (typeof line !== 'string') throw new Error('runcmd entry that is not a shell line');
    return line;
  });
  for (const words of await shellWords(runcmd)) {
    const [command, ...args] = words;
    if (command === 'mkdir' && args[0] === '-p') {
      for (const path of args.slice(1))
        laid.directories.set(path, { mode: 0o755, user: 'root', group: 'root' });
    } else if (command === 'chmod' && args.length === 2) {
      const [mode = '', path = ''] = args;
      const dir = laid.directories.get(path);
      const file = laid.files.get(path);
      if (dir !== undefined) dir.mode = parseInt(mode, 8);
      else if (file !== undefined) file.mode = parseInt(mode, 8);
    } else if (command === 'chown' && args.length === 2) {
      const [spec = '', path = ''] = args;
      const target = laid.directories.get(path) ?? laid.files.get(path);
      if (target === undefined) throw new Error(`runcmd chowns ${path}, which cloud-init did not write`);
      Object.assign(target, owner(spec));
    } else if (command === 'systemctl' && args[0] === 'enable') {
      for (const unit of args.slice(1)) laid.enabledUnits.add(unit);
    }
  }
  const users = new Map<string, string[]>();
  for (const user of Array.isArray(doc.users) ? doc.users : []) {
    if (!isObject(user) || typeof user.name !== 'string') continue;
    const keys = Array.isArray(user.ssh_authorized_keys) ? user.ssh_authorized_keys : [];
    users.set(
      user.name,
      keys.filter((k): k is string => typeof k === 'string'),
    );
  }
  const packages = (Array.isArray(doc.packages) ? doc.packages : []).map((p) => String(p));
  const yumRepos = new Map<string, Map<string, string>>();
  for (const [id, settings] of Object.entries(isObject(doc.yum_repos) ? doc.yum_repos : {})) {
    if (!isObject(settings)) continue;
    const repo = new Map<string, string>();
    for (const [key, value] of Object.entries(settings)) {
      repo.set(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
    }
    yumRepos.set(id, repo);
  }
  return { laid, bytes, users, packages, yumRepos };
}
