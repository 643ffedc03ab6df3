/**
 * A generator turns HostConfigs (and, for cluster-wide files, the plan) into files under OUT.
 * Generators are pure: no disk, clock, network or randomness. They are registered once, in
 * generators/registry.ts, and run in registry order; a later generator may read the files an
 * earlier one produced (the seed ISO packs cloud-init's user-data, meta-data, network-config).
 */
import type { HostConfig } from '../host/host-config.js';
import type { Diagnostic } from '../inventory/diagnostic.js';
import type { ClusterPlan } from '../plan/model.js';

export interface OutputFile {
  /** Relative to OUT, forward slashes, e.g. `hosts/knode1/user-data`. */
  path: string;
  content: string | Uint8Array;
  /** 0o644 for public files, 0o600 for anything carrying a private key, token or password hash. */
  mode: number;
  /** The host this file belongs to, if any (manifest.json records it). */
  host?: string;
}

export interface GeneratorInput {
  plan: ClusterPlan;
  /** One HostConfig per host selected for this run, in inventory order. */
  hosts: readonly HostConfig[];
  /** Files produced by generators that ran earlier in registry order. */
  produced: readonly OutputFile[];
}

export interface Generator {
  /** Format name used by `generate --only` (e.g. `cloud-init`, `ignition`, `kickstart`, `pxe`, `iso`). */
  name: string;
  /** Formats whose files this one reads from `produced` (they run first and are implied by --only). */
  needs: readonly string[];
  render(input: GeneratorInput): OutputFile[];
  /**
   * Problems with what render() would write that the user should see, e.g. a value over a
   * platform's size limit (warnings; the files are still written). Same input as render().
   */
  diagnose?(input: GeneratorInput): Diagnostic[];
  /** Runs only when named in `--only` (e.g. `bundle-zip`), never by default. */
  onRequest?: boolean;
}
