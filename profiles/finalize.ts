/**
 * Canonical order for a HostConfig, so equal inputs give byte-identical output: files and
 * directories by path, units by name (drop-ins by name), packages and repositories sorted, users
 * by name with root first. Steps keep their order (it is meaningful) and must name existing units.
 */
import type { HostConfig } from '../host/host-config.js';
import { compareStrings } from '../encoders/order.js';

export function finalizeHostConfig(config: HostConfig): HostConfig {
  const units = [...config.units]
    .map((u) => ({ ...u, dropins: [...u.dropins].sort((a, b) => compareStrings(a.name, b.name)) }))
    .sort((a, b) => compareStrings(a.name, b.name));
  const unitNames = new Set(units.map((u) => u.name));
  for (const s of config.steps) {
    if (!unitNames.has(s.unit)) throw new Error(`${config.hostname}: step ${s.unit} names no unit`);
  }
  return {
    ...config,
    files: [...config.files].sort((a, b) => compareStrings(a.path, b.path)),
    directories: [...config.directories].sort((a, b) => compareStrings(a.path, b.path)),
    units,
    packages: [...new Set(config.packages)].sort(compareStrings),
    repositories: [...config.repositories].sort((a, b) => compareStrings(a.id, b.id)),
    users: [...config.users]
      .map((u) => ({
        ...u,
        sshAuthorizedKeys: [...u.sshAuthorizedKeys],
        groups: [...u.groups].sort(compareStrings),
      }))
      .sort((a, b) => (a.name === 'root' ? -1 : b.name === 'root' ? 1 : compareStrings(a.name, b.name))),
    kernelModules: [...new Set(config.kernelModules)],
    kernelArguments: [...config.kernelArguments],
    steps: [...config.steps],
  };
}
