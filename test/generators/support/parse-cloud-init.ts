/**
 * Reads rendered cloud-init user-data back into a HostLayout plus what only cloud-init says
 * (packages, repositories, start order, kernel modules and arguments). Every runcmd line must be
 * one the generator is known to write: anything else fails the parse.
 */
import { load } from 'js-yaml';
import { FETCH_LIST_PATH } from '../../../generators/shared/remote-fetch.js';
import { emptyLayout, foldUnitFiles, remoteEntriesFromFetchList, type HostLayout } from './layout.js';
import { reportScriptPath } from '../../../host/lifecycle.js';
import { shellWords } from './shell-words.js';
import { osFamily } from '../../../os/registry.js';

/** The report script where the example inventories' families (EL) keep it. */
const REPORT_SCRIPT_PATH = reportScriptPath(osFamily('centos7'));

export interface ParsedCloudInit {
  layout: HostLayout;
  document: Record<string, unknown>;
  packages: string[];
  repositories: Record<string, Record<string, unknown>>;
  startOrder: string[];
  kernelModules: string[];
  kernelArguments: string[];
  runcmdScript: string;
  /** Lifecycle reports runcmd makes: [phase, message]. */
  reports: string[][];
  /** bootcmd lines, as written. */
  bootcmd: string[];
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${what} is not a mapping`);
  return value as Record<string, unknown>;
}

function list(value: unknown, what: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`${what} is not a list`);
  return value;
}

function str(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new Error(`${what} is not a string`);
  return value;
}

export function parseUserData(text: string): ParsedCloudInit {
  const [header] = text.split('\n', 1);
  if (header !== '#cloud-config') throw new Error(`user-data starts with ${String(header)}`);
  const document = record(load(text), 'user-data');
  const layout = emptyLayout();
  for (const [i, raw] of list(document['users'], 'users').entries()) {
    const u = record(raw, `users[${i}]`);
    const name = str(u['name'], 'users[].name');
    const system = u['system'] === true;
    const groups = u['groups'] === undefined ? [] : str(u['groups'], 'groups').split(',');
    layout.users[name] = {
      system,
      createHome: u['no_create_home'] !== true,
      ...(u['shell'] !== undefined ? { shell: str(u['shell'], 'shell') } : {}),
      ...(u['homedir'] !== undefined ? { homeDir: str(u['homedir'], 'homedir') } : {}),
      groups,
      keys: list(u['ssh_authorized_keys'], 'keys').map((k) => str(k, 'key')),
    };
  }
  for (const [i, raw] of list(document['write_files'], 'write_files').entries()) {
    const f = record(raw, `write_files[${i}]`);
    const content = str(f['content'], 'content');
    const bytes = f['encoding'] === 'b64' ? Buffer.from(content, 'base64') : Buffer.from(content, 'utf8');
    if (f['owner'] !== undefined)
      throw new Error('write_files owner is set (users do not exist yet at write_files time)');
    layout.files[str(f['path'], 'path')] = {
      mode: parseInt(str(f['permissions'], 'permissions'), 8),
      owner: 'root:root',
      content: bytes.toString('utf8'),
    };
  }
  const fetchList = layout.files[FETCH_LIST_PATH]?.content;
  if (fetchList !== undefined) Object.assign(layout.files, remoteEntriesFromFetchList(fetchList));

  const runcmd = list(document['runcmd'], 'runcmd').map((c) => str(c, 'runcmd line'));
  let enabled: string[] = [];
  let startOrder: string[] = [];
  let kernelModules: string[] = [];
  let kernelArguments: string[] = [];
  const reports: string[][] = [];
  for (const line of runcmd) {
    const [cmd, ...args] = shellWords(line);
    const target = args[args.length - 1] ?? '';
    if (cmd === 'mkdir' && args[0] === '-p' && args.length === 2) {
      layout.directories[target] = { mode: 0o755, owner: 'root:root' };
    } else if (cmd === 'chmod' && args.length === 2) {
      const dir = layout.directories[target];
      if (dir === undefined)
        throw new Error(`chmod of ${target}, which is not a directory created by runcmd`);
      dir.mode = parseInt(args[0] ?? '', 8);
    } else if (cmd === 'chown' && args.length === 2) {
      const item = layout.directories[target] ?? layout.files[target];
      if (item === undefined) throw new Error(`chown of unknown path ${target}`);
      item.owner = args[0] ?? '';
    } else if (cmd === 'modprobe' && args[0] === '-a') {
      kernelModules = args.slice(1);
    } else if (cmd === 'grubby' && args[0] === '--update-kernel=ALL' && args[1]?.startsWith('--args=')) {
      kernelArguments = args[1].slice('--args='.length).split(' ');
    } else if (cmd === 'systemctl' && args[0] === 'enable') {
      enabled = args.slice(1);
    } else if (cmd === 'systemctl' && args[0] === 'start' && args[1] === '--no-block') {
      startOrder = args.slice(2);
    } else if (cmd === REPORT_SCRIPT_PATH) {
      reports.push(args);
    } else if (
      !(cmd === 'systemctl' && args[0] === 'daemon-reload') &&
      !(cmd === 'sysctl' && args[0] === '--system')
    ) {
      throw new Error(`unexpected runcmd line: ${line}`);
    }
  }
  foldUnitFiles(layout, enabled);
  return {
    layout,
    document,
    packages: list(document['packages'], 'packages').map((p) => str(p, 'package')),
    repositories: Object.fromEntries(
      Object.entries(record(document['yum_repos'] ?? {}, 'yum_repos')).map(([id, r]) => [id, record(r, id)]),
    ),
    startOrder,
    kernelModules,
    kernelArguments,
    runcmdScript: `#!/bin/sh\n${runcmd.join('\n')}\n`,
    reports,
    bootcmd:
      document['bootcmd'] === undefined
        ? []
        : list(document['bootcmd'], 'bootcmd').map((c) => str(c, 'bootcmd line')),
  };
}
