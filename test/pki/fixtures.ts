/**
 * Plans for PKI tests: examples/classic.yaml (knode1 master 10.0.0.11, knode2/3 nodes, knode4
 * etcd, service CIDR 10.254.0.0/16) run through the real loader and planner, with small edits.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dump, load } from 'js-yaml';
import { parseInventory } from '../../inventory/load.js';
import type { KeyAlgorithm, KubeletCredentials } from '../../inventory/model.js';
import { planCluster } from '../../plan/plan-cluster.js';
import type { ClusterPlan } from '../../plan/model.js';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const CLASSIC_INVENTORY = join(REPO_ROOT, 'examples/classic.yaml');

interface RawHost {
  name: string;
  roles: string[];
  ip: string;
  mac: string;
}

interface RawInventory {
  cluster: {
    kubernetes: Record<string, unknown>;
    pki?: Record<string, unknown>;
  };
  hosts: RawHost[];
}

export interface PlanEdits {
  keyAlgorithm?: KeyAlgorithm;
  kubeletCredentials?: KubeletCredentials;
  leafDays?: number;
  apiServerSANs?: string[];
  apiServerEndpoint?: string;
  /** Extra node hosts knode5, knode6, ... (10.0.0.15, ...). */
  extraNodes?: number;
  /** Extra masters (10.0.0.31, ...). */
  extraMasters?: number;
}

export function classicInventoryText(edits: PlanEdits = {}): string {
  const raw = load(readFileSync(CLASSIC_INVENTORY, 'utf8')) as RawInventory;
  const k = raw.cluster.kubernetes;
  if (edits.kubeletCredentials) k['kubeletCredentials'] = edits.kubeletCredentials;
  if (edits.apiServerSANs) k['apiServerSANs'] = edits.apiServerSANs;
  if (edits.apiServerEndpoint) k['apiServerEndpoint'] = edits.apiServerEndpoint;
  const pki: Record<string, unknown> = { ...raw.cluster.pki };
  if (edits.keyAlgorithm) pki['keyAlgorithm'] = edits.keyAlgorithm;
  if (edits.leafDays) pki['leafDays'] = edits.leafDays;
  raw.cluster.pki = pki;
  for (let i = 0; i < (edits.extraNodes ?? 0); i++) {
    const n = 5 + i;
    raw.hosts.push({
      name: `knode${n}`,
      roles: ['node'],
      ip: `10.0.0.${10 + n}`,
      mac: `52:54:00:00:01:${n.toString(16).padStart(2, '0')}`,
    });
  }
  for (let i = 0; i < (edits.extraMasters ?? 0); i++) {
    raw.hosts.push({
      name: `kmaster${i + 2}`,
      roles: ['master'],
      ip: `10.0.0.${31 + i}`,
      mac: `52:54:00:00:02:${(i + 2).toString(16).padStart(2, '0')}`,
    });
  }
  return dump(raw);
}

export function classicPlan(edits: PlanEdits = {}): ClusterPlan {
  const result = parseInventory(classicInventoryText(edits), 'classic.yaml');
  if (!result.inventory) {
    throw new Error(
      `fixture inventory invalid: ${result.diagnostics.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
    );
  }
  return planCluster(result.inventory);
}

export function tempDir(prefix = 'bootforge-pki-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A visible skip locally, a failure in CI (process.env.CI === 'true'). */
export function haveTool(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env['CI'] === 'true') throw new Error(`${name} is required in CI`);
    console.warn(`NOTE: ${name} is not installed; skipping the tests that need it`);
    return false;
  }
}
