/**
 * Semantic validation of a structurally valid, defaulted inventory: every rule runs and every
 * problem is reported (never only the first).
 */
import type { Diagnostic } from './diagnostic.js';
import type { Inventory } from './model.js';
import { Reporter } from './report.js';
import { checkCluster } from './rules/cluster.js';
import { checkDeliveryNeeds } from './rules/delivery.js';
import {
  checkHostAddresses,
  checkHostExtras,
  checkHostMacs,
  checkHostNames,
  checkRoles,
} from './rules/hosts.js';
import { checkNetworks } from './rules/networks.js';
import { checkBootServer, checkUrls } from './rules/urls.js';
import { checkVersions } from './rules/versions.js';

export type Rule = (inventory: Inventory, report: Reporter) => void;

export const RULES: readonly Rule[] = [
  checkHostNames,
  checkHostAddresses,
  checkHostMacs,
  checkDeliveryNeeds,
  checkRoles,
  checkHostExtras,
  checkNetworks,
  checkCluster,
  checkBootServer,
  checkUrls,
  checkVersions,
];

/** Run every rule; diagnostics carry positions when `report` has a source map. */
export function runRules(inventory: Inventory, report: Reporter): void {
  for (const rule of RULES) rule(inventory, report);
}

/** Validate an in-memory inventory (no source positions). */
export function validateInventory(inventory: Inventory): Diagnostic[] {
  const report = new Reporter();
  runRules(inventory, report);
  return report.diagnostics;
}
