/**
 * The newest patch release of every supported Kubernetes minor that bootforge knows, so that
 * `version: "1.23"` in an inventory means 1.23.17. Minors that reached end of life keep their
 * last patch for good; the ones still maintained are bumped when a release of bootforge is cut.
 * (Kubernetes publishes sha256 files beside every binary, so any patch of a supported minor
 * renders; this table only decides what a bare MAJOR.MINOR means.)
 */
import { MAX_KUBE_MINOR, MIN_KUBE_MINOR } from './versions.js';

export const NEWEST_PATCH: Readonly<Record<number, number>> = {
  20: 15,
  21: 14,
  22: 17,
  23: 17,
  24: 17,
  25: 16,
  26: 15,
  27: 16,
  28: 15,
  29: 15,
  30: 14,
  31: 14,
  32: 12,
  33: 8,
  34: 4,
  35: 1,
};

/**
 * `1.23` -> `1.23.17` (the newest patch bootforge knows); undefined for anything that is not a
 * bare MAJOR.MINOR of a supported minor (a full version, a typo, an unsupported minor).
 */
export function newestPatch(version: string): string | undefined {
  const m = /^1\.(\d+)$/.exec(version);
  if (!m) return undefined;
  const minor = Number(m[1]);
  const patch = NEWEST_PATCH[minor];
  if (minor < MIN_KUBE_MINOR || minor > MAX_KUBE_MINOR || patch === undefined) return undefined;
  return `1.${minor}.${patch}`;
}
