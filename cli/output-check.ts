/**
 * The checks `validate` and `generate` share beyond the inventory's own rules: user profiles and
 * templates, artifact pins, and every generator's diagnostics (synth/check-output.ts), each placed
 * at its file:line:column in the inventory. Writes nothing; issues nothing.
 */
import { provenanceOf } from './provenance.js';
import { dirname, resolve } from 'node:path';
import type { Diagnostic } from '../inventory/diagnostic.js';
import type { LoadResult } from '../inventory/load.js';
import type { ClusterPlan } from '../plan/model.js';
import { profileErrorDiagnostic } from '../profiles/diagnostics.js';
import { ProfileError } from '../profiles/errors.js';
import { loadUserProfiles, type UserProfiles } from '../profiles/user-profiles.js';
import { checkOutput, type OutputCheckOptions } from '../synth/check-output.js';

/** Diagnostics from later stages (printed paths) placed where the path is written. */
export function placed(diagnostics: readonly Diagnostic[], locate: LoadResult['locate']): Diagnostic[] {
  return diagnostics.map((d) => (d.position || !locate ? d : { ...d, position: locate(d.path) }));
}

/** cluster.profilesDir, read relative to the inventory file; a ProfileError when it is bad. */
export function readUserProfiles(plan: ClusterPlan, inventoryPath: string): UserProfiles | undefined {
  const dir = plan.inventory.cluster.profilesDir;
  return dir ? loadUserProfiles(resolve(dirname(inventoryPath), dir)) : undefined;
}

/** Everything `generate` would report about the output of `plan`, placed in the inventory. */
export async function outputDiagnostics(
  plan: ClusterPlan,
  loaded: LoadResult,
  inventoryPath: string,
  options: Omit<OutputCheckOptions, 'userProfiles'> = {},
): Promise<Diagnostic[]> {
  let userProfiles: UserProfiles | undefined;
  try {
    userProfiles = readUserProfiles(plan, inventoryPath);
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
    return placed([profileErrorDiagnostic(error)], loaded.locate);
  }
  const found = await checkOutput(plan, {
    provenance: provenanceOf(inventoryPath),
    ...options,
    ...(userProfiles ? { userProfiles } : {}),
  });
  return placed(found, loaded.locate);
}
