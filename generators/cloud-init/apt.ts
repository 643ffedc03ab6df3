/**
 * cloud-init's `apt` module for apt families (host.apt, profiles/apt-sources.ts): the primary and
 * security archives for every architecture and the sources list naming them, so `apt-get update`
 * (the packages module) reads the rendered archive, on a mirror when the inventory names one.
 */
import type { AptSources } from '../../host/host-config.js';

export function aptModule(apt: AptSources): Record<string, unknown> {
  return {
    preserve_sources_list: false,
    primary: [{ arches: ['default'], uri: apt.primary }],
    security: [{ arches: ['default'], uri: apt.security }],
    sources_list: apt.sourcesList,
  };
}

/**
 * bootcmd (init stage, before the apt module): source files the image ships beside the one
 * cloud-init writes are renamed out of apt's way (apt skips `*.disabled`); absent ones are skipped.
 */
export function setAsideImageSources(apt: AptSources): string | undefined {
  if (apt.setAside.length === 0) return undefined;
  return apt.setAside.map((p) => `if [ -e ${p} ]; then mv -f ${p} ${p}.disabled; fi`).join('; ');
}
