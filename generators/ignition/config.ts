/**
 * Ignition config (spec 3.3.0, the newest Debian's ignition-validate 2.14 knows) for one prepared
 * HostConfig, built as an object in a fixed key order and serialised with JSON.stringify.
 *
 * Ignition writes files, directories, users and units natively before systemd starts, so no
 * runcmd-like step is needed. Plain remote files use `contents.source` + `verification.hash`.
 * Ignition targets image-based systems (Fedora CoreOS, Flatcar), which are not changed with a
 * package manager: the host's packages and repositories are never rendered here (cloud-init and
 * kickstart install them; a family without a package manager has none). The network file follows
 * the family's network flavour.
 */
import type { HostConfig, HostFile, SystemdUnit, UserAccount } from '../../host/host-config.js';
import { isRemote } from '../../host/host-config.js';
import { accountSettings, isRootAccount } from '../shared/accounts.js';
import { isRootOwned, ownerOf } from '../shared/ownership.js';
import { dataUrl } from './data-url.js';
import { withFirstBootReports } from './first-boot-reports.js';
import { networkdFile } from './networkd-file.js';
import { nmKeyfile } from './nm-keyfile.js';
import { osFamily } from '../../os/registry.js';
import { byKey } from '../../encoders/order.js';

export const IGNITION_SPEC_VERSION = '3.3.0';
export const HOSTNAME_PATH = '/etc/hostname';

type Json = Record<string, unknown>;

/** Spec 3.3.0 has no setuid, setgid or sticky bits (3.4.0 added them): refuse rather than drop them. */
function mode(host: HostConfig, path: string, value: number): number {
  if ((value & 0o7000) !== 0) {
    throw new Error(
      `host ${host.hostname}: ${path} has mode ${value.toString(8)}; Ignition ${IGNITION_SPEC_VERSION} cannot set setuid/setgid/sticky bits`,
    );
  }
  return value;
}

function ownership(item: { user?: string; group?: string }): Json {
  if (isRootOwned(item)) return {};
  const owner = ownerOf(item);
  return { user: { name: owner.user }, group: { name: owner.group } };
}

export function ignitionFile(file: HostFile, fileMode: number = file.mode): Json {
  const contents: Json = isRemote(file)
    ? { source: file.url, verification: { hash: `sha256-${file.sha256}` } }
    : { source: dataUrl(file.content) };
  return { path: file.path, mode: fileMode, overwrite: true, ...ownership(file), contents };
}

export function ignitionUser(user: UserAccount): Json {
  const entry: Json = { name: user.name };
  if (isRootAccount(user)) {
    if (user.sshAuthorizedKeys.length > 0) entry['sshAuthorizedKeys'] = [...user.sshAuthorizedKeys];
    return entry;
  }
  const settings = accountSettings(user);
  if (user.system) entry['system'] = true;
  if (!settings.createHome) entry['noCreateHome'] = true;
  if (settings.homeDir !== undefined) entry['homeDir'] = settings.homeDir;
  if (settings.shell !== undefined) entry['shell'] = settings.shell;
  if (user.groups.length > 0) entry['groups'] = [...user.groups];
  if (user.sshAuthorizedKeys.length > 0) entry['sshAuthorizedKeys'] = [...user.sshAuthorizedKeys];
  return entry;
}

/** `enabled` is only ever set to true: `false` would make Ignition disable a packaged unit. */
export function ignitionUnit(unit: SystemdUnit): Json {
  const entry: Json = { name: unit.name };
  if (unit.enabled) entry['enabled'] = true;
  if (unit.contents !== undefined) entry['contents'] = unit.contents;
  if (unit.dropins.length > 0)
    entry['dropins'] = unit.dropins.map((d) => ({ name: d.name, contents: d.contents }));
  return entry;
}

/** The network file of the OS family's flavour: a systemd-networkd .network file, else an NM keyfile. */
export function ignitionNetworkFile(host: HostConfig): HostFile {
  return osFamily(host.os).network === 'systemd-networkd'
    ? networkdFile(host.network)
    : nmKeyfile(host.network);
}

/**
 * Host files plus the two Ignition needs for identity and network (hostname, network file),
 * unless the HostConfig already writes them itself.
 */
export function ignitionHostFiles(host: HostConfig): HostFile[] {
  const identity: HostFile[] = [
    { path: HOSTNAME_PATH, mode: 0o644, content: `${host.hostname}\n`, secret: false },
    ignitionNetworkFile(host),
  ].filter((file) => !host.files.some((f) => f.path === file.path));
  return [...host.files, ...identity].sort(byKey((f) => f.path));
}

export function ignitionConfig(host: HostConfig): Json {
  const config: Json = { ignition: { version: IGNITION_SPEC_VERSION } };
  if (host.kernelArguments.length > 0) config['kernelArguments'] = { shouldExist: [...host.kernelArguments] };
  if (host.users.length > 0) config['passwd'] = { users: host.users.map(ignitionUser) };
  config['storage'] = {
    ...(host.directories.length > 0
      ? {
          directories: host.directories.map((d) => ({
            path: d.path,
            mode: mode(host, d.path, d.mode),
            ...ownership(d),
          })),
        }
      : {}),
    files: ignitionHostFiles(host).map((f) => ignitionFile(f, mode(host, f.path, f.mode))),
  };
  if (host.units.length > 0) config['systemd'] = { units: withFirstBootReports(host).map(ignitionUnit) };
  return config;
}

export function renderIgnition(host: HostConfig): string {
  return `${JSON.stringify(ignitionConfig(host), null, 2)}\n`;
}
