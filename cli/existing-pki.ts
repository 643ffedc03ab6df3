/**
 * The cluster's PKI as the state directory holds it, for commands that must not issue anything
 * (`render`, `diff`): if any piece is missing or would be re-issued, they refuse and say what,
 * instead of writing keys behind the operator's back.
 */
import { inspectPki, loadOrIssuePki } from '../pki/store.js';
import type { ClusterPki } from '../pki/model.js';
import type { ClusterPlan } from '../plan/model.js';

export class PkiNotReadyError extends Error {
  constructor(
    readonly stateDir: string,
    readonly pending: readonly { name: string; action: string }[],
  ) {
    const shown = pending
      .slice(0, 5)
      .map((p) => `${p.name} (${p.action})`)
      .join(', ');
    const more = pending.length > 5 ? ` and ${pending.length - 5} more` : '';
    super(
      `the PKI in ${stateDir} is not complete for this inventory: ${shown}${more}; this command never issues keys or certificates: run \`bootforge generate\` (or \`bootforge pki\`) first`,
    );
    this.name = 'PkiNotReadyError';
  }
}

export async function loadExistingPki(plan: ClusterPlan, stateDir: string): Promise<ClusterPki> {
  const report = await inspectPki(plan, stateDir);
  const pending = report.items.filter((i) => i.action !== 'keep' && i.action !== 'unused');
  if (pending.length > 0) throw new PkiNotReadyError(stateDir, pending);
  // Nothing to issue; should something change between the two reads, refuse all the same.
  const { pki } = await loadOrIssuePki(plan, stateDir, {
    beforeIssue: () => {
      throw new PkiNotReadyError(stateDir, []);
    },
  });
  return pki;
}
