/**
 * Secrets stay with their host: a secret file is answered only to a request from its owner's
 * inventory address (unless the operator opted out with --allow-any-source), and with one-shot on,
 * only once per content until re-armed. Pure decision plus a small ledger; no I/O.
 */
import { normalizeAddress } from './address.js';
import type { ServedFile, Snapshot } from './snapshot.js';

export interface SecretPolicyOptions {
  allowAnySource: boolean;
  oneShot: boolean;
}

export type SecretDecision = { allowed: true; claim?: string } | { allowed: false; reason: string };

/**
 * Which secret files have been handed out under --one-shot. Keyed by host, path and sha256, so a
 * regenerated file (new content) is armed again by itself, while an unchanged one stays claimed.
 */
export class OneShotLedger {
  private readonly claimed = new Map<string, Set<string>>();

  static key(file: ServedFile): string {
    return `${file.path}\0${file.sha256}`;
  }

  has(host: string, key: string): boolean {
    return this.claimed.get(host)?.has(key) ?? false;
  }

  claim(host: string, key: string): void {
    const set = this.claimed.get(host) ?? new Set<string>();
    set.add(key);
    this.claimed.set(host, set);
  }

  release(host: string, key: string): void {
    this.claimed.get(host)?.delete(key);
  }

  /** Re-arms one host, or every host when `host` is undefined. Returns how many claims were cleared. */
  rearm(host?: string): number {
    if (host === undefined) {
      let count = 0;
      for (const set of this.claimed.values()) count += set.size;
      this.claimed.clear();
      return count;
    }
    const count = this.claimed.get(host)?.size ?? 0;
    this.claimed.delete(host);
    return count;
  }
}

/**
 * Decides whether `remote` may have `file`. When one-shot applies, a granted decision carries the
 * ledger key the caller must claim (and release again if the transfer fails).
 */
export function decideSecret(
  file: ServedFile,
  remote: string,
  snapshot: Snapshot,
  options: SecretPolicyOptions,
  ledger: OneShotLedger,
): SecretDecision {
  if (!file.secret) return { allowed: true };
  if (file.host === undefined)
    return { allowed: false, reason: `secret file /${file.path} belongs to no host` };
  const owner = snapshot.hosts.get(file.host);
  if (!owner)
    return { allowed: false, reason: `secret file /${file.path} belongs to unknown host ${file.host}` };
  if (!options.allowAnySource && remote !== normalizeAddress(owner.ip)) {
    return {
      allowed: false,
      reason: `secret file of host ${owner.name} is served only to ${owner.ip}, not to ${remote || 'an unknown address'}`,
    };
  }
  if (!options.oneShot) return { allowed: true };
  const key = OneShotLedger.key(file);
  if (ledger.has(owner.name, key)) {
    return {
      allowed: false,
      reason: `secret file of host ${owner.name} was already served once; re-arm with SIGHUP or POST /_bootforge/rearm/${owner.name} from loopback`,
    };
  }
  return { allowed: true, claim: key };
}
