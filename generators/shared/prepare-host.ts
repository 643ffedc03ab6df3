/**
 * The HostConfig every generator actually renders: the profile's HostConfig, checked, plus the
 * small support pieces that make a format-neutral feature work the same way everywhere
 * (the remote-file fetch unit, the modules-load.d list). All three formats render this one value,
 * so they carry the same files and units, and faithfulness tests compare against it.
 */
import type { HostConfig, InlineFile, RemoteFile } from '../../host/host-config.js';
import { isRemote } from '../../host/host-config.js';
import { checkHostConfig, HostConfigError } from '../../host/check-host.js';
import { fetchScriptPath, remoteFetchSupport } from './remote-fetch.js';
import { osFamily } from '../../os/registry.js';
import { byKey } from '../../encoders/order.js';

export const MODULES_LOAD_PATH = '/etc/modules-load.d/bootforge.conf';

/** What the fetch script runs besides coreutils; installed where a package manager is used. */
export const FETCH_PACKAGES = ['curl', 'tar'];

export function prepareHost(host: HostConfig): HostConfig {
  checkHostConfig(host);
  const family = osFamily(host.os);
  const files = [...host.files];
  const units = [...host.units];
  const add = (file: InlineFile): void => {
    if (files.some((f) => f.path === file.path)) {
      throw new HostConfigError(host.hostname, `${file.path} is reserved for bootforge's own use`);
    }
    files.push(file);
  };
  const remote: RemoteFile[] = host.files.filter(isRemote);
  if (remote.length > 0) {
    const support = remoteFetchSupport(
      remote,
      host.units.map((u) => u.name),
      fetchScriptPath(family),
    );
    support.files.forEach(add);
    if (units.some((u) => u.name === support.unit.name)) {
      throw new HostConfigError(
        host.hostname,
        `unit ${support.unit.name} is reserved for bootforge's own use`,
      );
    }
    units.push(support.unit);
  }
  const unlisted = modulesNotLoadedAtBoot(host);
  if (unlisted.length > 0) {
    add({ path: MODULES_LOAD_PATH, mode: 0o644, content: `${unlisted.join('\n')}\n`, secret: false });
  }
  // An image without a package manager (Flatcar) ships curl and tar.
  const fetchPackages = remote.length > 0 && family.packageManager !== 'none';
  const packages = fetchPackages ? [...new Set([...host.packages, ...FETCH_PACKAGES])] : host.packages;
  return {
    ...host,
    packages,
    files: files.sort(byKey((f) => f.path)),
    directories: [...host.directories].sort(byKey((d) => d.path)),
    units: units.sort(byKey((u) => u.name)),
  };
}

/** Kernel modules that no modules-load.d file of the HostConfig lists yet. */
export function modulesNotLoadedAtBoot(host: HostConfig): string[] {
  const listed = new Set<string>();
  for (const file of host.files) {
    if (isRemote(file) || !/^\/etc\/modules-load\.d\/[^/]+\.conf$/.test(file.path)) continue;
    for (const line of file.content.split('\n')) {
      const name = line.replace(/[#;].*$/, '').trim();
      if (name !== '') listed.add(name);
    }
  }
  return host.kernelModules.filter((m) => !listed.has(m));
}
