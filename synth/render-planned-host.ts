/**
 * One host of a plan from its HostConfig to its files: profiles, the HostContext (prepared once),
 * every selected format's host phase. Pure; shared by synth's in-process loop and its workers.
 */
import type { Generator } from '../generators/generator.js';
import { createHostContext } from '../generators/context.js';
import { HostConfigError } from '../host/check-host.js';
import type { HostConfig } from '../host/host-config.js';
import type { ClusterPki } from '../pki/model.js';
import type { ClusterPlan, HostPlan } from '../plan/model.js';
import { buildHostConfig } from '../profiles/build-host-config.js';
import { contractError } from '../profiles/preflight.js';
import type { UserProfiles } from '../profiles/user-profiles.js';
import { manifestEntry, type ManifestFile } from '../emit/manifest.js';
import { renderHost, type HostOutput } from './render-host.js';
import { hostFormats } from './select-formats.js';

export interface PlannedHostInput {
  plan: ClusterPlan;
  pki: ClusterPki;
  /** The run's formats; each host renders those its delivery includes. */
  formats: readonly string[];
  generators: readonly Generator[];
  userProfiles?: UserProfiles;
  /** Overrides the profiles (tests). */
  hostConfig?: (host: HostPlan) => HostConfig;
}

/** A host's output with each file's manifest entry (sha256 computed where the file was made). */
export interface RenderedHost extends HostOutput {
  entries: ManifestFile[];
}

export function renderPlannedHost(input: PlannedHostInput, host: HostPlan): RenderedHost {
  const { plan, pki } = input;
  const config =
    input.hostConfig?.(host) ??
    buildHostConfig(plan, host, pki, input.userProfiles ? { userProfiles: input.userProfiles } : {});
  let ctx;
  try {
    ctx = createHostContext(plan, host, config);
  } catch (error) {
    if (error instanceof HostConfigError) throw contractError(plan, plan.hosts.indexOf(host), error);
    throw error;
  }
  const output = renderHost(ctx, input.generators, hostFormats(input.generators, input.formats, host));
  return { ...output, entries: output.files.map(manifestEntry) };
}
