/**
 * A generator is one output format. It has up to two phases, both pure (no disk, clock, network
 * or randomness):
 *
 * - `host(ctx, earlier)`: the format's files for one host, from that host's HostContext (built
 *   once per host and shared by every format). `earlier` holds the files the formats before it in
 *   the registry produced for the same host (a bundle packs them).
 * - `site(input)`: the format's whole-OUT files (boot.ipxe, dnsmasq.conf, nginx.conf, ...), run
 *   after every host, over the final file list of OUT (rendered this run or carried over).
 *
 * Each phase returns its files and its diagnostics in one pass. Generators are registered once,
 * in generators/registry.ts, and run in registry order.
 */
import type { Diagnostic } from '../inventory/diagnostic.js';
import type { DeliveryKind } from '../plan/delivery.js';
import type { ClusterPlan } from '../plan/model.js';
import type { ClusterPki } from '../pki/model.js';
import type { UserProfiles } from '../profiles/user-profiles.js';
import type { ManifestFile } from '../emit/manifest.js';
import type { OutputFile } from '../emit/output-file.js';
import type { HostContext } from './context.js';

export type { OutputFile } from '../emit/output-file.js';

export interface HostRender {
  files: OutputFile[];
  diagnostics?: Diagnostic[];
  /** What the format's site phase needs to know about this host (e.g. cloud payload sizes). */
  summary?: unknown;
}

export interface SiteInput {
  plan: ClusterPlan;
  pki: ClusterPki;
  /**
   * Every file OUT holds so far: this run's host files, files carried over from the previous OUT,
   * and the site files of the generators before this one. Bytes are not kept, only entries.
   */
  files: readonly ManifestFile[];
  /** This format's host summaries, by host name, for the hosts rendered in this run. */
  summaries: ReadonlyMap<string, unknown>;
  /** A file of the previous OUT, for partial runs that must keep what other hosts contributed. */
  previous(path: string): Uint8Array | undefined;
  /** The user's profiles and template overrides (site files rendered from templates use them). */
  userProfiles?: UserProfiles;
}

export interface SiteRender {
  files: OutputFile[];
  diagnostics?: Diagnostic[];
}

export interface Generator {
  /** Format name used by `generate --only` (e.g. `cloud-init`, `ignition`, `kickstart`, `pxe`, `iso`). */
  name: string;
  /** Formats that come with this one under --only (their files are its sources, or what it packs). */
  needs: readonly string[];
  host?(ctx: HostContext, earlier: readonly OutputFile[]): HostRender;
  site?(input: SiteInput): SiteRender;
  /**
   * The delivery this format carries configs by: its host phase runs only for hosts whose
   * delivery includes it (`cloud` for any `cloud:<provider>`), its site phase only when some host
   * has it. Absent: the format is a host config itself (cloud-init, Ignition, kickstart) or the
   * operator's files, rendered whatever the delivery.
   */
  delivery?: DeliveryKind;
  /** Runs only when named in `--only` (e.g. `bundle-zip`), never by default. */
  onRequest?: boolean;
  /** Runs in every run, whatever --only says (the operator's cluster/ files). */
  always?: boolean;
  /**
   * Its site files describe OUT's file list (nginx.conf's per-file access rules): re-rendered in
   * every run whose OUT holds them, so they never describe an older OUT.
   */
  describesOut?: boolean;
}
