/** Small constructors for HostConfig entries, so every component writes them the same way. */
import type { InlineFile, SystemdUnit } from '../host/host-config.js';
import type { ProfileContext } from './model.js';

export function textFile(path: string, content: string, mode = 0o644): InlineFile {
  return { path, mode, content, secret: false };
}

export function scriptFile(path: string, content: string): InlineFile {
  return { path, mode: 0o755, content, secret: false };
}

/** A file holding a private key, token or password: always 0600 and marked secret. */
export function secretFile(path: string, content: string, owner?: string): InlineFile {
  const file: InlineFile = { path, mode: 0o600, content, secret: true };
  if (owner !== undefined) {
    file.user = owner;
    file.group = owner;
  }
  return file;
}

export function unit(name: string, contents: string, enabled = true): SystemdUnit {
  return { name, contents, enabled, dropins: [] };
}

/** A unit shipped by a package, enabled, with bootforge's drop-ins (contents left to the package). */
export function packagedUnit(name: string, dropins: { name: string; contents: string }[]): SystemdUnit {
  if (dropins.length === 0) throw new Error(`packaged unit ${name} needs at least one drop-in`);
  return { name, enabled: true, dropins };
}

/**
 * Ordering every long-running component shares: after host preparation and binary install.
 * Dependencies are Wants= + After=, never Requires=: a start job that fails (a mirror down, a peer
 * not up yet) must not fail its dependents for good; they wait (After=) and their own Restart=
 * retries them.
 */
export interface UnitDeps {
  wants: string[];
  after: string[];
}

export function unitDeps(ctx: ProfileContext, extra: { wants?: string[]; after?: string[] } = {}): UnitDeps {
  const firewall = ctx.cluster.install.firewall === 'open-ports' ? ['k8s-firewall.service'] : [];
  const after = ['k8s-prerequisites.service', ...firewall, ...ctx.artifactUnits, ...(extra.after ?? [])];
  return { wants: [...ctx.artifactUnits, ...(extra.wants ?? [])], after };
}
