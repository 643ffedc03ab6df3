/** The kickstart dialect of a host's OS family; a family without one never gets a ks.cfg. */
import type { HostConfig } from '../../host/host-config.js';
import type { KickstartSyntax } from '../../os/family.js';
import { osFamily } from '../../os/registry.js';

export function kickstartSyntax(host: HostConfig): KickstartSyntax {
  const syntax = osFamily(host.os).kickstart?.syntax;
  if (syntax === undefined)
    throw new Error(`host ${host.hostname}: ${host.os} is not installed by kickstart`);
  return syntax;
}

/** Where Anaconda mounts the installed system while `%post` and `%onerror` run. */
export function kickstartTargetRoot(host: HostConfig): string {
  const root = osFamily(host.os).kickstart?.targetRoot;
  if (root === undefined) throw new Error(`host ${host.hostname}: ${host.os} is not installed by kickstart`);
  return root;
}
