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
import { loadUserProfiles, type UserProfiles } from '../profiles/user-profiles.js';
import { printDiagnostics } from './commands/validate.js';
import { loadExistingPki } from './existing-pki.js';
import { paint, type Terminal } from './terminal.js';

export interface RenderInput {
  plan: ClusterPlan;
  pki: ClusterPki;
  stateDir: string;
  userProfiles?: UserProfiles;
}

/** undefined: the inventory is invalid (its problems are printed; exit 2). */
export async function loadForRender(
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
