/**
 * OUT/lifecycle/hosts.json: every host's roles, MAC and the sha256 of its report token, so that
 * `serve` can tell a host's own token (accepted) from another host's (403) or a wrong one (401)
 * without holding any token. Not secret; operator-only (never served). A site file of every run,
 * whatever --only selects, as `serve` reads it for every OUT.
 */
import { createHash } from 'node:crypto';
import { compareStrings } from '../../encoders/order.js';
import { normaliseMac } from '../../inventory/mac.js';
import type { ClusterPlan } from '../../plan/model.js';
import type { ClusterPki } from '../../pki/model.js';
import {
  LIFECYCLE_HOSTS_FILE,
  LIFECYCLE_HOSTS_VERSION,
  type LifecycleHost,
  type LifecycleHosts,
} from '../../serving/lifecycle-hosts.js';
import type { Generator, OutputFile } from '../generator.js';

export const LIFECYCLE_FORMAT = 'lifecycle';

export function tokenSha256(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function lifecycleHosts(plan: ClusterPlan, pki: ClusterPki): LifecycleHosts {
  const hosts: Record<string, LifecycleHost> = {};
  for (const host of [...plan.hosts].sort((a, b) => compareStrings(a.name, b.name))) {
    const token = pki.reportTokens[host.name];
    if (token === undefined) throw new Error(`internal: the PKI has no report token for host ${host.name}`);
    hosts[host.name] = {
      roles: [...host.roles],
      mac: host.mac === undefined ? null : (normaliseMac(host.mac) ?? null),
      tokenSha256: tokenSha256(token),
    };
  }
  return { version: LIFECYCLE_HOSTS_VERSION, hosts };
}

export function renderLifecycleHosts(plan: ClusterPlan, pki: ClusterPki): OutputFile {
  return {
    path: LIFECYCLE_HOSTS_FILE,
    content: `${JSON.stringify(lifecycleHosts(plan, pki), null, 2)}\n`,
    mode: 0o644,
  };
}

export const lifecycleGenerator: Generator = {
  name: LIFECYCLE_FORMAT,
  needs: [],
  always: true,
  site: ({ plan, pki }) => ({ files: [renderLifecycleHosts(plan, pki)] }),
};
