/**
 * The format-neutral view of a rendered host that every parse-back produces and every
 * faithfulness test compares: files (mode, owner, bytes or remote source), directories, units
 * (contents, enabled, drop-ins) and users. Built from a prepared HostConfig for the expectation.
 */
import type { HostConfig } from '../../../host/host-config.js';
import { isRemote } from '../../../host/host-config.js';
import { accountSettings, isRootAccount } from '../../../generators/shared/accounts.js';
import { ownerOf } from '../../../generators/shared/ownership.js';

export interface FileEntry {
  mode: number;
  owner: string;
  /** UTF-8 decoded bytes (a byte difference shows up as a replacement character). */
  content?: string;
  remote?: { url: string; sha256: string };
}

export interface UnitEntry {
  contents?: string;
  enabled: boolean;
  dropins: Record<string, string>;
}

export interface UserEntry {
  system: boolean;
  createHome: boolean;
  shell?: string;
  homeDir?: string;
  groups: string[];
  keys: string[];
}

export interface HostLayout {
  files: Record<string, FileEntry>;
  directories: Record<string, { mode: number; owner: string }>;
  units: Record<string, UnitEntry>;
  users: Record<string, UserEntry>;
}

export function emptyLayout(): HostLayout {
  return { files: {}, directories: {}, units: {}, users: {} };
}

export function userEntry(user: HostConfig['users'][number]): UserEntry {
  if (isRootAccount(user))
    return { system: false, createHome: true, groups: [], keys: [...user.sshAuthorizedKeys] };
  const s = accountSettings(user);
  return {
    system: user.system,
    createHome: s.createHome,
    ...(s.shell !== undefined ? { shell: s.shell } : {}),
    ...(s.homeDir !== undefined ? { homeDir: s.homeDir } : {}),
    groups: [...user.groups],
    keys: [...user.sshAuthorizedKeys],
  };
}

const ownerString = (item: { user?: string; group?: string }): string => {
  const o = ownerOf(item);
  return `${o.user}:${o.group}`;
};

/** What a faithful rendering of `host` (already prepared) must carry. */
export function expectedLayout(host: HostConfig): HostLayout {
  const layout = emptyLayout();
  for (const file of host.files) {
    layout.files[file.path] = isRemote(file)
      ? { mode: file.mode, owner: ownerString(file), remote: { url: file.url, sha256: file.sha256 } }
      : { mode: file.mode, owner: ownerString(file), content: file.content };
  }
  for (const dir of host.directories)
    layout.directories[dir.path] = { mode: dir.mode, owner: ownerString(dir) };
  for (const unit of host.units) {
    layout.units[unit.name] = {
      ...(unit.contents !== undefined ? { contents: unit.contents } : {}),
      enabled: unit.enabled,
      dropins: Object.fromEntries(unit.dropins.map((d) => [d.name, d.contents])),
    };
  }
  for (const user of host.users) layout.users[user.name] = userEntry(user);
  return layout;
}

/** Parses the fetch list back into remote file entries (the formats without native remote files). */
export function remoteEntriesFromFetchList(list: string): Record<string, FileEntry> {
  const entries: Record<string, FileEntry> = {};
  for (const line of list.split('\n')) {
    const [kind, path, mode, user, group, sha256, url] = line.split('\t');
    if (
      kind !== 'file' ||
      path === undefined ||
      mode === undefined ||
      sha256 === undefined ||
      url === undefined
    )
      continue;
    entries[path] = {
      mode: parseInt(mode, 8),
      owner: `${user ?? ''}:${group ?? ''}`,
      remote: { url, sha256 },
    };
  }
  return entries;
}

const UNIT_FILE = /^\/etc\/systemd\/system\/([^/]+)$/;
const DROPIN_FILE = /^\/etc\/systemd\/system\/([^/]+)\.d\/([^/]+\.conf)$/;

/**
 * Moves files under /etc/systemd/system into `units` (cloud-init and kickstart write units as
 * files) and marks the enabled ones. Unit files must be 0644 root:root.
 */
export function foldUnitFiles(layout: HostLayout, enabled: readonly string[]): void {
  for (const [path, file] of Object.entries(layout.files)) {
    const unitMatch = UNIT_FILE.exec(path);
    const dropinMatch = DROPIN_FILE.exec(path);
    if (!unitMatch && !dropinMatch) continue;
    if (file.mode !== 0o644 || file.owner !== 'root:root' || file.content === undefined) {
      throw new Error(`unit file ${path} must be an inline 0644 root:root file`);
    }
    const name = (unitMatch?.[1] ?? dropinMatch?.[1]) as string;
    const unit = (layout.units[name] ??= { enabled: false, dropins: {} });
    if (unitMatch) unit.contents = file.content;
    else if (dropinMatch?.[2] !== undefined) unit.dropins[dropinMatch[2]] = file.content;
  }
  layout.files = omit(layout.files, (path) => UNIT_FILE.test(path) || DROPIN_FILE.test(path));
  for (const name of enabled) {
    const unit = layout.units[name];
    if (unit === undefined) throw new Error(`enabled unit ${name} was never written`);
    unit.enabled = true;
  }
}

/** A copy of `record` without the keys `drop` selects. */
export function omit<T>(record: Record<string, T>, drop: (key: string) => boolean): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !drop(key)));
}

/** Sorted copy, so two layouts compare regardless of the order they were filled in. */
export function sortedLayout(layout: HostLayout): HostLayout {
  const sort = <T>(record: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    files: sort(layout.files),
    directories: sort(layout.directories),
    units: sort(
      Object.fromEntries(
        Object.entries(layout.units).map(([k, u]) => [k, { ...u, dropins: sort(u.dropins) }]),
      ),
    ),
    users: sort(layout.users),
  };
}
