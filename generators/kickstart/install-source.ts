/** Where the installer gets the OS from, with the public mirrors as defaults. */
import type { HostConfig } from '../../host/host-config.js';
import { appstreamBeside } from '../../inventory/install-tree.js';

export const DEFAULT_CENTOS7_TREE = 'http://vault.centos.org/7.9.2009/os/x86_64/';
export const DEFAULT_EL9_BASEOS = 'https://mirror.stream.centos.org/9-stream/BaseOS/x86_64/os/';
export const DEFAULT_EL9_APPSTREAM = 'https://mirror.stream.centos.org/9-stream/AppStream/x86_64/os/';

export interface InstallSource {
  tree: string;
  /** EL9 only: the AppStream repository beside BaseOS. */
  appstream?: string;
}

export function installSource(host: HostConfig): InstallSource {
  const { repo, appstream } = host.install;
  if (host.os === 'centos7') return { tree: repo ?? DEFAULT_CENTOS7_TREE };
  if (repo === undefined) return { tree: DEFAULT_EL9_BASEOS, appstream: appstream ?? DEFAULT_EL9_APPSTREAM };
  if (appstream !== undefined) return { tree: repo, appstream };
  const beside = appstreamBeside(repo);
  // Validation refuses this (MISSING_APPSTREAM); reaching it is a bug.
  if (beside === undefined) throw new Error(`host ${host.hostname}: install.repo ${repo} has no AppStream`);
  return { tree: repo, appstream: beside };
}
