/**
 * What `render` and `diff` need before they render in memory: the valid inventory (problems are
 * printed as by `validate`), its plan, the user profiles, and the PKI state directory, read as it
 * is (cli/existing-pki.ts: nothing is issued).
 */
import { dirname, resolve } from 'node:path';
import { loadInventory } from '../inventory/load.js';
import { planCluster } from '../plan/plan-cluster.js';
import type { ClusterPlan } from '../plan/model.js';
import { defaultStateDir } from '../pki/state-layout.js';
import type { ClusterPki } from '../pki/model.js';
import { profileErrorDiagnostic } from '../profiles/diagnostics.js';
import { ProfileError } from '../profiles/errors.js';
import { loadUserProfiles, type UserProfiles } from '../profiles/user-profiles.js';
import { printDiagnostics } from './commands/validate.js';
import { loadExistingPki, PkiNotReadyError } from './existing-pki.js';
import { paint, type Terminal } from './terminal.js';

export interface RenderInput {
  plan: ClusterPlan;
  pki: ClusterPki;
  stateDir: string;
  userProfiles?: UserProfiles;
}

/**
 * undefined: the input is bad (exit 2) and its problems are printed: an invalid inventory, a user
 * profile that does not load, or a PKI state directory that is absent or incomplete.
 */
export async function loadForRender(
  term: Terminal,
  file: string,
  pkiDir: string | undefined,
): Promise<RenderInput | undefined> {
  try {
    return await load(term, file, pkiDir);
  } catch (error) {
    if (error instanceof PkiNotReadyError) {
      term.err(`${paint(term, 'red', 'error')}: ${error.message}\n`);
      return undefined;
    }
    if (error instanceof ProfileError) {
      printDiagnostics(term, [profileErrorDiagnostic(error)], file);
      return undefined;
    }
    throw error;
  }
}

async function load(
  term: Terminal,
  file: string,
  pkiDir: string | undefined,
): Promise<RenderInput | undefined> {
  const { inventory, diagnostics } = await loadInventory(file, { cwd: term.cwd });
  printDiagnostics(term, diagnostics, file);
  if (!inventory) {
    term.err(`${file}: ${paint(term, 'red', 'invalid')}\n`);
    return undefined;
  }
  const inventoryPath = resolve(term.cwd, file);
  const plan = planCluster(inventory);
  const stateDir = pkiDir ? resolve(term.cwd, pkiDir) : defaultStateDir(inventoryPath, plan.name);
  const dir = inventory.cluster.profilesDir;
  const userProfiles = dir ? loadUserProfiles(resolve(dirname(inventoryPath), dir)) : undefined;
  const pki = await loadExistingPki(plan, stateDir);
  return { plan, pki, stateDir, ...(userProfiles ? { userProfiles } : {}) };
}
