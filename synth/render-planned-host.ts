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
import type { FormattedFile } from '../emit/output-file.js';
import { withProvenance, type Provenance } from './provenance.js';
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
  /** The header of every commented text file (synth/provenance.ts). */
  provenance?: Provenance;
  /**
   * Write each file as it is rendered and return its manifest entry (a worker writing OUT itself:
   * emit/tree-writer.ts makes, hashes and writes the bytes once); `files` is then empty.
   */
  writeFile?: (file: FormattedFile) => ManifestFile;
}

/** A host's output with each file's manifest entry (sha256 computed where the file was made). */
export interface RenderedHost extends HostOutput {
  entries: ManifestFile[];
  /** True when a worker wrote the files into OUT itself: `files` is then empty, `entries` full. */
  written?: boolean;
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
  const { provenance, writeFile } = input;
  if (provenance !== undefined) output.files = output.files.map((f) => withProvenance(f, plan, provenance));
  if (writeFile !== undefined)
    return { ...output, files: [], entries: output.files.map(writeFile), written: true };
  return { ...output, entries: output.files.map(manifestEntry) };
}
