/**
 * Profile problems as Diagnostics, for `validate` and `generate`: artifacts that cannot be verified
 * without a pin (reported for the whole cluster at once), and any ProfileError.
 */
import type { Diagnostic } from '../inventory/diagnostic.js';
import type { ClusterPlan } from '../plan/model.js';
import { resolveArtifacts, type ArtifactId } from './artifacts.js';
import { ProfileError } from './errors.js';
import { hostArtifacts, hostComponents } from './roles.js';

export function profileErrorDiagnostic(err: ProfileError): Diagnostic {
  const found: Diagnostic = {
    code: err.code,
    severity: 'error',
    path: err.path,
    message: err.message,
    hint: err.hint,
  };
  return err.position === undefined ? found : { ...found, position: err.position };
}

/** Every artifact some host downloads that has neither an upstream checksum file nor a pin. */
export function artifactPinDiagnostics(plan: ClusterPlan): Diagnostic[] {
  const ids = new Set<ArtifactId>();
  for (const host of plan.hosts)
    for (const id of hostArtifacts(plan, hostComponents(plan, host))) ids.add(id);
  const out: Diagnostic[] = [];
  for (const id of [...ids].sort()) {
    try {
      resolveArtifacts(plan, [id]);
    } catch (err) {
      if (err instanceof ProfileError) out.push(profileErrorDiagnostic(err));
      else throw err;
    }
  }
  return out;
}
