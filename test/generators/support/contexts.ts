/**
 * Test kit for generators: a HostContext for any HostConfig of a plan (optionally with the
 * cloud-init documents or the secret flag replaced, to exercise derived formats on chosen bytes),
 * the host phase of chosen formats for one host, and one format's site phase over chosen files.
 */
import type { ManifestFile } from '../../../emit/manifest.js';
import { manifestEntry } from '../../../emit/manifest.js';
import type { FormattedFile } from '../../../emit/output-file.js';
import { createHostContext, type CloudInitDocuments, type HostContext } from '../../../generators/context.js';
import type { Generator, OutputFile, SiteRender } from '../../../generators/generator.js';
import { GENERATORS } from '../../../generators/registry.js';
import type { HostConfig } from '../../../host/host-config.js';
import { configMode } from '../../../host/secrets.js';
import type { ClusterPki } from '../../../pki/model.js';
import type { ClusterPlan } from '../../../plan/model.js';
import { placeholderPki } from '../../../profiles/preflight.js';
import { renderHost, type HostOutput } from '../../../synth/render-host.js';
import { fixturePlan, type FixtureOptions } from '../../fixtures/boot-media/cluster.js';

export interface ContextOverrides {
  cloudInit?: Partial<CloudInitDocuments>;
  secret?: boolean;
}

export function contextFor(
  plan: ClusterPlan,
  config: HostConfig,
  overrides: ContextOverrides = {},
): HostContext {
  const host = plan.hosts.find((h) => h.name === config.hostname);
  if (host === undefined) throw new Error(`no host ${config.hostname} in the plan`);
  const ctx = createHostContext(plan, host, config);
  const secret = overrides.secret ?? ctx.secret;
  return {
    ...ctx,
    secret,
    mode: configMode(secret),
    cloudInit: { ...ctx.cloudInit, ...overrides.cloudInit },
  };
}

/** The host phase of `formats` (in registry order) for one host. */
export function hostOutput(
  plan: ClusterPlan,
  config: HostConfig,
  formats: readonly string[],
  overrides: ContextOverrides = {},
): HostOutput {
  return renderHost(contextFor(plan, config, overrides), GENERATORS, formats);
}

export function hostFiles(
  plan: ClusterPlan,
  config: HostConfig,
  formats: readonly string[],
  overrides: ContextOverrides = {},
): FormattedFile[] {
  return hostOutput(plan, config, formats, overrides).files;
}

/** One format's site phase over `files` (the final OUT so far) and its host summaries. */
export function siteOf(
  generator: Generator,
  plan: ClusterPlan,
  files: readonly (OutputFile & { format?: string })[] = [],
  options: {
    summaries?: ReadonlyMap<string, unknown>;
    previous?: ReadonlyMap<string, Uint8Array>;
    pki?: ClusterPki;
  } = {},
): SiteRender {
  if (generator.site === undefined) throw new Error(`${generator.name} has no site phase`);
  const entries: ManifestFile[] = files.map((f) => manifestEntry({ ...f, format: f.format ?? 'test' }));
  return generator.site({
    plan,
    pki: options.pki ?? placeholderPki(plan),
    files: entries,
    summaries: options.summaries ?? new Map(),
    previous: (path) => options.previous?.get(path),
  });
}

/** The cloud-init documents of `files` (user-data, meta-data, network-config), as context overrides. */
export function cloudInitOverrides(files: readonly OutputFile[]): ContextOverrides {
  const text = (name: string): string => {
    const file = files.find((f) => f.path.endsWith(`/${name}`));
    if (file === undefined) throw new Error(`no ${name} among the given files`);
    return typeof file.content === 'string' ? file.content : Buffer.from(file.content).toString('utf8');
  };
  const userData = files.find((f) => f.path.endsWith('/user-data'));
  return {
    cloudInit: {
      userData: text('user-data'),
      metaData: text('meta-data'),
      networkConfig: text('network-config'),
      instanceId: /instance-id: (\S+)/.exec(text('meta-data'))?.[1] ?? '',
    },
    secret: userData !== undefined && (userData.mode & 0o077) === 0,
  };
}

/** The boot-media fixture plan, with one host per given HostConfig (for standalone HostConfig fixtures). */
export function planWithHosts(configs: readonly HostConfig[], options: FixtureOptions = {}): ClusterPlan {
  const base = fixturePlan(options);
  const template = base.hosts[0]!;
  return {
    ...base,
    hosts: configs.map((c) => ({
      ...template,
      spec: { ...template.spec, name: c.hostname, ip: c.network.address, mac: c.network.mac },
      name: c.hostname,
      ip: c.network.address,
      mac: c.network.mac,
    })),
  };
}
