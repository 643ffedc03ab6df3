/**
 * Sanity checks on a HostConfig before any generator renders it. A failure here is a bug in a
 * profile (built-in or user-supplied), not bad inventory input, so it throws with a precise message.
 */
import type { HostConfig } from './host-config.js';
import { isRemote } from './host-config.js';

const UNIT_NAME = /^[A-Za-z0-9:_.\\@-]+\.(service|socket|timer|path|target|mount|automount|slice|scope)$/;
const DROPIN_NAME = /^[A-Za-z0-9:_.@-]+\.conf$/;
const ACCOUNT_NAME = /^[a-z_][a-z0-9_-]*\$?$/;
const REPO_ID = /^[A-Za-z0-9_.:-]+$/;
const SHA256 = /^[0-9a-f]{64}$/;

/** The value a check refused, when it may have come from the inventory (an SSH key, a download URL). */
export interface RefusedValue {
  kind: 'sshKey' | 'url';
  text: string;
}

export class HostConfigError extends Error {
  constructor(
    host: string,
    message: string,
    readonly value?: RefusedValue,
  ) {
    super(`host ${host}: ${message}`);
    this.name = 'HostConfigError';
  }
}

export function checkHostConfig(host: HostConfig): void {
  const fail = (message: string, value?: RefusedValue): never => {
    throw new HostConfigError(host.hostname, message, value);
  };
  const seenPaths = new Set<string>();
  const claimPath = (path: string, what: string): void => {
    if (
      !path.startsWith('/') ||
      path.includes('\0') ||
      /[\n\r]/.test(path) ||
      path.split('/').includes('..')
    ) {
      fail(`${what} path ${JSON.stringify(path)} must be absolute, without '..' or line breaks`);
    }
    if (seenPaths.has(path)) fail(`${what} ${path} is declared twice`);
    seenPaths.add(path);
  };
  for (const file of host.files) {
    claimPath(file.path, 'file');
    if (isRemote(file)) {
      if (!/^https?:\/\/\S+$/.test(file.url))
        fail(`remote file ${file.path} has a non-http(s) URL ${file.url}`, { kind: 'url', text: file.url });
      if (!SHA256.test(file.sha256)) fail(`remote file ${file.path} needs a lower-case hex sha256`);
    }
    for (const owner of [file.user, file.group]) {
      if (owner !== undefined && !ACCOUNT_NAME.test(owner)) fail(`file ${file.path} has owner ${owner}`);
    }
  }
  for (const dir of host.directories) claimPath(dir.path, 'directory');
  const unitNames = new Set<string>();
  for (const unit of host.units) {
    if (!UNIT_NAME.test(unit.name)) fail(`unit name ${JSON.stringify(unit.name)} is not a systemd unit name`);
    if (unitNames.has(unit.name)) fail(`unit ${unit.name} is declared twice`);
    unitNames.add(unit.name);
    if (unit.contents === undefined && unit.dropins.length === 0) {
      fail(`unit ${unit.name} has neither contents nor drop-ins`);
    }
    const dropins = new Set<string>();
    for (const dropin of unit.dropins) {
      if (!DROPIN_NAME.test(dropin.name)) fail(`drop-in ${dropin.name} of ${unit.name} must be a .conf name`);
      if (dropins.has(dropin.name)) fail(`drop-in ${dropin.name} of ${unit.name} is declared twice`);
      dropins.add(dropin.name);
    }
  }
  for (const step of host.steps) {
    const unit = host.units.find((u) => u.name === step.unit);
    if (unit === undefined) fail(`step ${JSON.stringify(step.description)} names unknown unit ${step.unit}`);
    else if (!unit.enabled) fail(`step unit ${step.unit} must be enabled so it runs on first boot`);
  }
  const users = new Set<string>();
  for (const user of host.users) {
    if (!ACCOUNT_NAME.test(user.name))
      fail(`user name ${JSON.stringify(user.name)} is not a valid account name`);
    if (users.has(user.name)) fail(`user ${user.name} is declared twice`);
    users.add(user.name);
    for (const key of user.sshAuthorizedKeys) {
      if (/[\n\r"]/.test(key))
        fail(`an SSH key of ${user.name} contains a line break or a double quote`, {
          kind: 'sshKey',
          text: key,
        });
    }
  }
  for (const repo of host.repositories) {
    if (!REPO_ID.test(repo.id)) fail(`repository id ${JSON.stringify(repo.id)} has unsafe characters`);
  }
  for (const name of [...host.packages, ...host.kernelModules, ...host.kernelArguments]) {
    if (name === '' || /[\s"'\\]/.test(name)) fail(`${JSON.stringify(name)} has whitespace or quotes`);
  }
}
