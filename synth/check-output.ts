/**
 * Every problem `generate` would report about a plan's output, found without issuing or writing
 * anything: artifacts that need a sha256 pin, user profiles and templates that do not render, a
 * HostConfig that breaks the generators' contract, and every generator's warnings (a boot URL a
 * loader cannot fetch, user-data over a platform's limit). It runs synth() itself, over a PKI
 * issued in memory with the real certificate profiles (pki/look-alike.ts, so sizes are the real
 * ones) into a sink that keeps nothing. `validate` and `generate --strict` (before its first write)
 * both ask this, so the two cannot disagree.
 */
import type { Provenance } from './provenance.js';
import { DiscardSink } from '../emit/sink.js';
import type { Diagnostic } from '../inventory/diagnostic.js';
import { lookAlikePki } from '../pki/look-alike.js';
import type { ClusterPki } from '../pki/model.js';
import type { ClusterPlan } from '../plan/model.js';
import { artifactPinDiagnostics, profileErrorDiagnostic } from '../profiles/diagnostics.js';
import { ProfileError } from '../profiles/errors.js';
import type { UserProfiles } from '../profiles/user-profiles.js';
import { synth } from './synth.js';

export interface OutputCheckOptions {
  /** As `generate --only`; default: every default format. */
  formats?: readonly string[];
  /** As `generate --hosts`; default: every host. */
  hosts?: readonly string[];
  userProfiles?: UserProfiles;
  /** The PKI to render with; default: a look-alike issued in memory. */
  pki?: ClusterPki;
  /** As synth's: the header generate stamps (its bytes count toward size limits). */
  provenance?: Provenance;
}

export async function checkOutput(
  plan: ClusterPlan,
  options: OutputCheckOptions = {},
): Promise<Diagnostic[]> {
  const found = artifactPinDiagnostics(plan);
  // A missing pin stops every host's profiles at the same place: nothing more to learn.
  if (found.length > 0) return found;
  try {
    const pki = options.pki ?? (await lookAlikePki(plan));
    const result = await synth(plan, pki, {
      sink: new DiscardSink(),
      ...(options.formats ? { formats: options.formats } : {}),
      ...(options.hosts ? { hosts: options.hosts } : {}),
      ...(options.userProfiles ? { userProfiles: options.userProfiles } : {}),
      ...(options.provenance ? { provenance: options.provenance } : {}),
    });
    found.push(...result.diagnostics);
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
    found.push(profileErrorDiagnostic(error));
  }
  return found;
}
