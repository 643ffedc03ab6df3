/**
 * Secrets stay with their host: a secret file is answered only to a request from its owner's
 * inventory address (unless the operator opted out with --allow-any-source), and with one-shot on,
 * only once per content until re-armed. Pure decision plus the ledger the one writer keeps; no I/O.
 */
import { audienceOf, refusalFor } from '../serving/secret-owner.js';
import type { ServedFile, Snapshot } from './snapshot.js';

export interface SecretPolicyOptions {
  allowAnySource: boolean;
  oneShot: boolean;
}

/** A one-shot claim: which host's ledger, which key. */
export interface Claim {
  host: string;
  key: string;
}

export type SecretDecision = { allowed: true; claim?: Claim } | { allowed: false; reason: string };

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

  /** Claims `key` for `host`; false when it was claimed already (check and claim in one step). */
  claim(host: string, key: string): boolean {
    const set = this.claimed.get(host) ?? new Set<string>();
    if (set.has(key)) return false;
    set.add(key);
    this.claimed.set(host, set);
    return true;
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
 * Decides whether `remote` may have `file` (the rule itself is serving/secret-owner.ts). When
 * one-shot applies, a granted decision carries the ledger key the caller must claim from the one
 * ledger (and release again if the transfer fails).
 */
const ALLOWED: SecretDecision = Object.freeze({ allowed: true });

export function decideSecret(
  file: ServedFile,
  remote: string,
  snapshot: Snapshot,
  options: SecretPolicyOptions,
): SecretDecision {
  // Most answers: a file anyone may have (audienceOf's first case), without allocating.
  if (!file.secret) return ALLOWED;
  const audience = audienceOf(file, (name) => snapshot.hosts.get(name));
  if (audience.kind === 'anyone') return ALLOWED;
  if (audience.kind === 'nobody') return { allowed: false, reason: audience.reason };
  const refused = options.allowAnySource ? undefined : refusalFor(audience.host, remote);
  if (refused !== undefined) return { allowed: false, reason: refused };
  if (!options.oneShot) return ALLOWED;
  return { allowed: true, claim: { host: audience.host.name, key: OneShotLedger.key(file) } };
}

export function alreadyServedReason(host: string): string {
  return `secret file of host ${host} was already served once; re-arm with SIGHUP or POST /_bootforge/rearm/${host} from loopback`;
}
