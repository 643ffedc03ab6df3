/** Reads a rendered Ignition config back into a HostLayout, decoding data: URLs. */
import { decodeDataUrl } from '../../../generators/ignition/data-url.js';
import { FETCH_LIST_PATH } from '../../../generators/shared/remote-fetch.js';
import { emptyLayout, remoteEntriesFromFetchList, type HostLayout } from './layout.js';

interface IgnNode {
  path: string;
  mode: number;
  overwrite?: boolean;
  user?: { name: string };
  group?: { name: string };
  contents?: { source: string; verification?: { hash: string } };
}

interface IgnConfig {
  ignition: { version: string };
  kernelArguments?: { shouldExist: string[] };
  passwd?: {
    users: {
      name: string;
      system?: boolean;
      noCreateHome?: boolean;
      homeDir?: string;
      shell?: string;
      groups?: string[];
      sshAuthorizedKeys?: string[];
    }[];
  };
  storage: { files?: IgnNode[]; directories?: IgnNode[] };
  systemd?: {
    units: {
      name: string;
      enabled?: boolean;
      contents?: string;
      dropins?: { name: string; contents: string }[];
    }[];
  };
}

export interface ParsedIgnition {
  config: IgnConfig;
  layout: HostLayout;
  /** Remote entries as the fetch list states them (they must agree with the native ones). */
  fetchListEntries: HostLayout['files'];
  kernelArguments: string[];
}

const owner = (node: IgnNode): string => `${node.user?.name ?? 'root'}:${node.group?.name ?? 'root'}`;

export function parseIgnition(text: string): ParsedIgnition {
  const config = JSON.parse(text) as IgnConfig;
  const layout = emptyLayout();
  for (const node of config.storage.files ?? []) {
    const source = node.contents?.source ?? '';
    if (source.startsWith('data:')) {
      if (node.contents?.verification !== undefined) throw new Error(`${node.path}: inline file with a hash`);
      layout.files[node.path] = {
        mode: node.mode,
        owner: owner(node),
        content: decodeDataUrl(source).toString('utf8'),
      };
    } else {
      const hash = node.contents?.verification?.hash ?? '';
      if (!hash.startsWith('sha256-'))
        throw new Error(`${node.path}: remote file without a sha256 verification hash`);
      layout.files[node.path] = {
        mode: node.mode,
        owner: owner(node),
        remote: { url: source, sha256: hash.slice('sha256-'.length) },
      };
    }
  }
  for (const node of config.storage.directories ?? []) {
    layout.directories[node.path] = { mode: node.mode, owner: owner(node) };
  }
  for (const unit of config.systemd?.units ?? []) {
    layout.units[unit.name] = {
      ...(unit.contents !== undefined ? { contents: unit.contents } : {}),
      enabled: unit.enabled === true,
      dropins: Object.fromEntries((unit.dropins ?? []).map((d) => [d.name, d.contents])),
    };
  }
  for (const user of config.passwd?.users ?? []) {
    layout.users[user.name] = {
      system: user.system === true,
      createHome: user.noCreateHome !== true,
      ...(user.shell !== undefined ? { shell: user.shell } : {}),
      ...(user.homeDir !== undefined ? { homeDir: user.homeDir } : {}),
      groups: user.groups ?? [],
      keys: user.sshAuthorizedKeys ?? [],
    };
  }
  const list = layout.files[FETCH_LIST_PATH]?.content;
  return {
    config,
    layout,
    fetchListEntries: list === undefined ? {} : remoteEntriesFromFetchList(list),
    kernelArguments: config.kernelArguments?.shouldExist ?? [],
  };
}
