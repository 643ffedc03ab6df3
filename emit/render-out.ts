/**
 * The pure heart of `generate`: plan + PKI + HostConfigs -> every file of OUT and its manifest.
 * `formats` and `hosts` narrow what is rendered; files outside that scope are carried over from
 * the previous OUT by the caller (see `carryOver`), so a partial run changes only what it names.
 */
import type { ClusterPlan } from '../plan/model.js';
import type { ClusterPki } from '../pki/model.js';
import type { HostConfig } from '../host/host-config.js';
import type { Generator } from '../generators/generator.js';
import { runGenerators, type GeneratorRun } from '../synth/run-generators.js';
import { NGINX_CONF_PATH, nginxConfForOut } from '../generators/nginx/nginx-generator.js';
import { renderClusterFiles, CLUSTER_FORMAT } from '../generators/cluster/cluster-files.js';
import {
  buildManifest,
  renderManifest,
  MANIFEST_PATH,
  type FormattedFile,
  type Manifest,
} from './manifest.js';

export interface RenderScope {
  /** Formats to render (already closed over `needs`). */
  formats: readonly string[];
  /** Host names whose per-host files are rendered; undefined = every host. */
  hosts?: ReadonlySet<string>;
}

export function inScope(file: { format: string; host?: string }, scope: RenderScope): boolean {
  if (file.format !== CLUSTER_FORMAT && !scope.formats.includes(file.format)) return false;
  return file.host === undefined || scope.hosts === undefined || scope.hosts.has(file.host);
}

/** Renders the files in scope, with the generators' warnings. Cluster-wide files always see every host. */
export function renderFiles(
  plan: ClusterPlan,
  pki: ClusterPki,
  hostConfigs: readonly HostConfig[],
  generators: readonly Generator[],
  scope: RenderScope,
): GeneratorRun {
  const generated = runGenerators(generators, { plan, hosts: hostConfigs }, scope.formats);
  return {
    files: [...renderClusterFiles(plan, pki), ...generated.files].filter((f) => inScope(f, scope)),
    diagnostics: generated.diagnostics,
  };
}

/**
 * The complete new OUT: rendered files, plus `previous` files outside the scope that still belong
 * to a host of the plan (or to no host), plus manifest.json.
 */
export function assembleOut(
  plan: ClusterPlan,
  rendered: readonly FormattedFile[],
  previous: readonly FormattedFile[],
  scope: RenderScope,
): { files: FormattedFile[]; manifest: Manifest } {
  const hostNames = new Set(plan.hosts.map((h) => h.name));
  const renderedPaths = new Set(rendered.map((f) => f.path));
  const kept = previous.filter(
    (f) =>
      !inScope(f, scope) &&
      !renderedPaths.has(f.path) &&
      f.path !== MANIFEST_PATH &&
      (f.host === undefined || hostNames.has(f.host)),
  );
  // nginx.conf lists every file of OUT with its access rule: describe the final OUT, not only
  // what this run rendered.
  const files = [...rendered, ...kept].map((f) =>
    f.path === NGINX_CONF_PATH
      ? { ...f, content: nginxConfForOut(plan, [...rendered, ...kept], [MANIFEST_PATH]) }
      : f,
  );
  const manifest = buildManifest(plan, files);
  return {
    files: [
      ...files,
      { path: MANIFEST_PATH, content: renderManifest(manifest), mode: 0o644, format: 'manifest' },
    ],
    manifest,
  };
}
