/** Where the installer gets the OS from: the install tree decided in plan/boot.ts. */
import type { HostConfig } from '../../host/host-config.js';
import { kickstartSyntax } from '../shared/kickstart-syntax.js';

export interface InstallSource {
  tree: string;
  /** EL9 only: the AppStream repository beside BaseOS. */
  appstream?: string;
}

export function installSource(host: HostConfig): InstallSource {
  const { repo, appstream } = host.install;
  if (kickstartSyntax(host) === 'RHEL7') return { tree: repo };
  // Validation refuses an EL9 tree with no AppStream (MISSING_APPSTREAM); reaching this is a bug.
  if (appstream === undefined)
    throw new Error(`host ${host.hostname}: install.repo ${repo} has no AppStream`);
  return { tree: repo, appstream };
}
