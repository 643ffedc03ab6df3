/**
 * synth(): the one way to build OUT. Inventory (or its plan) + PKI -> every file, the manifest
 * and every diagnostic about the output, in one pass:
 *
 *   1. per host, in inventory order: its HostConfig (profiles), its HostContext (prepared once),
 *      then every selected format's host phase; the files go to the sink as soon as the host is
 *      done, so only their manifest entries stay in memory;
 *   2. carry-over: files of the previous OUT that this run does not render again (partial runs);
 *   3. the site phase, over the final file list (boot.ipxe, dnsmasq.conf, sizes, nginx.conf, ...);
 *   4. manifest.json.
 *
 * Pure but for the sink: no disk, clock, network or randomness. The CLI, the tests, the
 * benchmark and `bootforge render` all build OUT through this function.
 */
import { withProvenance, type Provenance } from './provenance.js';
import { carryOver, type RenderScope } from '../emit/carry-over.js';
import {
  buildManifest,
  manifestEntry,
  manifestFile,
  type Manifest,
  type ManifestFile,
} from '../emit/manifest.js';
import type { FormattedFile } from '../emit/output-file.js';
import { MemorySink, type FileSink } from '../emit/sink.js';
import { toBytes } from '../encoders/bytes.js';
import type { Generator, SiteInput } from '../generators/generator.js';
import { GENERATORS } from '../generators/registry.js';
import type { HostConfig } from '../host/host-config.js';
import type { Diagnostic } from '../inventory/diagnostic.js';
import type { Inventory } from '../inventory/model.js';
import type { ClusterPki } from '../pki/model.js';
import type { ClusterPlan, HostPlan } from '../plan/model.js';
import { planCluster } from '../plan/plan-cluster.js';
import type { UserProfiles } from '../profiles/user-profiles.js';
import { runOnWorkers, workersAvailable } from './host-workers.js';
import type { WorkerInit } from './worker-protocol.js';
import { renderPlannedHost, type PlannedHostInput, type RenderedHost } from './render-planned-host.js';
import { deliveredFormats, formatDelivered, selectFormats } from './select-formats.js';

export interface SynthOptions {
  /** Formats to render, as `generate --only` (closed over their needs); default: every default format. */
  formats?: readonly string[];
  /** Hosts whose per-host files are rendered, as `generate --hosts`; default: every host. */
  hosts?: readonly string[];
  /** From loadUserProfiles(cluster.profilesDir). */
  userProfiles?: UserProfiles;
  /** The previous OUT's files: a partial run keeps what it does not render again. */
  previous?: readonly FormattedFile[];
  /** Where files go; default: kept in memory and returned in `files`. */
  sink?: FileSink;
  /** Called after each host. */
  onHost?: (done: number, total: number) => void;
  /** The formats (default: the registry). */
  generators?: readonly Generator[];
  /** Each host's HostConfig; default: the profiles (buildHostConfig). */
  hostConfig?: (host: HostPlan) => HostConfig;
  /**
   * Worker threads rendering hosts in parallel; default 1 (this thread). More than one needs the
   * compiled build and the default generators and profiles (the CLI passes one per core).
   */
  workers?: number;
  /**
   * The inventory's base name and bootforge's version for the header of every text file that
   * takes comments (synth/provenance.ts); default: no header.
   */
  provenance?: Provenance;
}

export interface SynthResult {
  manifest: Manifest;
  /** Warnings about the output (a value over a platform's limit, a URL a loader cannot fetch). */
  diagnostics: Diagnostic[];
  /** Every file of OUT (manifest.json last) when no sink was given; empty when streamed to a sink. */
  files: FormattedFile[];
  /** How many of the manifest's files were carried over from `previous` rather than rendered. */
  kept: number;
}

function isPlan(input: Inventory | ClusterPlan): input is ClusterPlan {
  return 'inventory' in input;
}

function selectedHosts(plan: ClusterPlan, names: readonly string[] | undefined): HostPlan[] {
  if (names === undefined) return plan.hosts;
  const unknown = names.filter((n) => !plan.hosts.some((h) => h.name === n));
  if (unknown.length > 0) throw new Error(`synth: unknown host(s): ${unknown.join(', ')}`);
  return plan.hosts.filter((h) => names.includes(h.name));
}

/** Site phases that run: selected formats, `always` ones, and `describesOut` ones OUT still holds. */
function siteFormats(
  generators: readonly Generator[],
  formats: readonly string[],
  previous: readonly FormattedFile[],
): string[] {
  return generators
    .filter(
      (g) =>
        g.site !== undefined &&
        (g.always === true ||
          formats.includes(g.name) ||
          (g.describesOut === true && previous.some((f) => f.format === g.name))),
    )
    .map((g) => g.name);
}

export async function synth(
  input: Inventory | ClusterPlan,
  pki: ClusterPki,
  options: SynthOptions = {},
): Promise<SynthResult> {
  const plan = isPlan(input) ? input : planCluster(input);
  const generators = options.generators ?? GENERATORS;
  // A format no host is delivered by renders nothing (the CLI refuses it in --only).
  const selected = selectFormats(generators, options.formats);
  const formats = deliveredFormats(generators, selected, plan.hosts);
  const hosts = selectedHosts(plan, options.hosts);
  const previous = options.previous ?? [];
  const memory = options.sink === undefined ? new MemorySink() : undefined;
  const sink: FileSink = options.sink ?? memory!;

  const entries: ManifestFile[] = [];
  const paths = new Set<string>();
  const provenance = options.provenance;
  // Files rendered in this run get the provenance header; carried-over ones keep theirs.
  const fresh = (file: FormattedFile): FormattedFile =>
    provenance === undefined ? file : withProvenance(file, plan, provenance);
  const record = (entry: ManifestFile): void => {
    if (paths.has(entry.path)) throw new Error(`two generators wrote ${entry.path}`);
    paths.add(entry.path);
    entries.push(entry);
  };
  const write = async (file: FormattedFile, entry: ManifestFile = manifestEntry(file)): Promise<void> => {
    record(entry);
    await sink.write(file, entry);
  };
  // Per host, in inventory order, so the diagnostics come out in the same order however hosts ran.
  const hostDiagnostics = new Map<string, [string, Diagnostic[]][]>();
  const summaries = new Map<string, Map<string, unknown>>();
  let done = 0;
  // Host files already carry their header (renderPlannedHost); a worker may have written them.
  const consume = async (rendered: RenderedHost): Promise<void> => {
    if (rendered.written === true) for (const entry of rendered.entries) record(entry);
    else for (const [i, file] of rendered.files.entries()) await write(file, rendered.entries[i]);
    hostDiagnostics.set(rendered.host, rendered.diagnostics);
    for (const [format, summary] of rendered.summaries) {
      const byHost = summaries.get(format) ?? new Map<string, unknown>();
      byHost.set(rendered.host, summary);
      summaries.set(format, byHost);
    }
    options.onHost?.(++done, hosts.length);
  };

  const workers = options.workers ?? 1;
  if (workers > 1 && hosts.length > 1) {
    if (options.generators !== undefined || options.hostConfig !== undefined)
      throw new Error('synth: workers render with the default generators and profiles only');
    if (!workersAvailable()) throw new Error('synth: workers need the compiled build (npm run build)');
    const init: WorkerInit = {
      plan,
      pki,
      formats,
      ...(options.userProfiles ? { userProfiles: options.userProfiles } : {}),
      ...(provenance ? { provenance } : {}),
      ...(sink.tree ? { tree: sink.tree } : {}),
    };
    await runOnWorkers(
      workers,
      init,
      hosts.map((h) => plan.hosts.indexOf(h)),
      consume,
    );
  } else {
    const input: PlannedHostInput = { plan, pki, formats, generators };
    if (options.userProfiles) input.userProfiles = options.userProfiles;
    if (provenance) input.provenance = provenance;
    if (options.hostConfig) input.hostConfig = options.hostConfig;
    for (const host of hosts) await consume(renderPlannedHost(input, host));
  }

  const diagnostics = new Map<string, Diagnostic[]>();
  const report = (format: string, found: readonly Diagnostic[]): void => {
    diagnostics.set(format, [...(diagnostics.get(format) ?? []), ...found]);
  };
  for (const host of hosts)
    for (const [format, found] of hostDiagnostics.get(host.name) ?? []) report(format, found);

  const site = siteFormats(generators, formats, previous);
  // Files of the formats selected are rendered again; files of a format a host (or, for site
  // files, every host) is no longer delivered by are dropped.
  const scope: RenderScope = { formats: selected, siteFormats: site };
  if (options.hosts !== undefined) scope.hosts = new Set(options.hosts);
  const stillDelivered = (file: FormattedFile): boolean => {
    const g = generators.find((x) => x.name === file.format);
    if (g === undefined) return true;
    const host = file.host === undefined ? undefined : plan.hosts.find((h) => h.name === file.host);
    return host === undefined ? plan.hosts.some((h) => formatDelivered(g, h)) : formatDelivered(g, host);
  };
  let kept = 0;
  for (const file of carryOver(previous, scope, new Set(plan.hosts.map((h) => h.name))))
    if (stillDelivered(file)) {
      await write(file);
      kept++;
    }

  const previousByPath = new Map(previous.map((f) => [f.path, f]));
  for (const g of generators) {
    if (g.site === undefined || !site.includes(g.name)) continue;
    const siteInput: SiteInput = {
      plan,
      pki,
      files: entries,
      summaries: summaries.get(g.name) ?? new Map(),
      previous: (path) => {
        const file = previousByPath.get(path);
        return file === undefined ? undefined : toBytes(file.content);
      },
      ...(options.userProfiles ? { userProfiles: options.userProfiles } : {}),
    };
    const rendered = g.site(siteInput);
    for (const file of rendered.files) await write(fresh({ ...file, format: g.name }));
    if (rendered.diagnostics !== undefined && rendered.diagnostics.length > 0)
      report(g.name, rendered.diagnostics);
  }

  const manifest = buildManifest(plan, entries);
  const last = manifestFile(manifest);
  await sink.write(last, manifestEntry(last));
  return {
    manifest,
    diagnostics: generators.flatMap((g) => diagnostics.get(g.name) ?? []),
    files: memory?.files ?? [],
    kept,
  };
}
