/**
 * bootforge as a library: the same pipeline the CLI runs.
 *
 *   import { loadInventory, planCluster, loadOrIssuePki, synth, OutWriter } from 'bootforge';
 *
 *   const { inventory, diagnostics } = await loadInventory('cluster.yaml');
 *   if (!inventory) throw new Error(diagnostics.map((d) => `${d.code} ${d.path}: ${d.message}`).join('\n'));
 *   const plan = planCluster(inventory);
 *   const { pki } = await loadOrIssuePki(plan, 'cluster-pki');
 *   const { files, manifest, diagnostics: warnings } = await synth(plan, pki);   // in memory
 *
 *   const out = await OutWriter.open('out');                                      // or streamed to disk
 *   await synth(plan, pki, { sink: out });
 *   await out.commit();
 */
export { loadInventory, parseInventory, type LoadResult, type LoadOptions } from './inventory/load.js';
export type { Inventory } from './inventory/model.js';
export type { Diagnostic, SourcePosition, Severity } from './inventory/diagnostic.js';
export { planCluster } from './plan/plan-cluster.js';
export type { ClusterPlan, HostPlan } from './plan/model.js';
export { loadOrIssuePki, inspectPki, type PkiOptions } from './pki/store.js';
export { defaultStateDir } from './pki/state-layout.js';
export type { ClusterPki } from './pki/model.js';
export { placeholderPki } from './profiles/preflight.js';
export { loadUserProfiles, type UserProfiles } from './profiles/user-profiles.js';
export type { HostConfig } from './host/host-config.js';
export { synth, type SynthOptions, type SynthResult } from './synth/synth.js';
export { selectFormats, selectableFormats, UnknownFormatError } from './synth/select-formats.js';
export { GENERATORS } from './generators/registry.js';
export type { Generator, HostRender, SiteInput, SiteRender } from './generators/generator.js';
export type { HostContext, CloudInitDocuments } from './generators/context.js';
export type { OutputFile, FormattedFile } from './emit/output-file.js';
export type { Manifest, ManifestFile, ManifestHost } from './emit/manifest.js';
export { MemorySink, DiscardSink, type FileSink } from './emit/sink.js';
export { OutWriter } from './emit/out-writer.js';
export { readPreviousOut } from './emit/read-previous.js';
