/** Prepared HostConfigs built by the real profiles, so they carry the lifecycle files. */
import { prepareHost } from '../../../generators/shared/prepare-host.js';
import type { HostConfig } from '../../../host/host-config.js';
import type { ClusterPlan } from '../../../plan/model.js';
import { buildHostConfig } from '../../../profiles/build-host-config.js';
import { fakePki } from '../../profiles/fixtures.js';

export function lifecycleHost(plan: ClusterPlan, name: string): { config: HostConfig; token: string } {
  const host = plan.hosts.find((h) => h.name === name);
  if (host === undefined) throw new Error(`no host ${name}`);
  const pki = fakePki(plan);
  return { config: prepareHost(buildHostConfig(plan, host, pki)), token: pki.reportTokens[name]! };
}
