/**
 * The `nginx` format: pxe/nginx.conf (see nginx-conf.ts). Registered after every other format so
 * that `produced` holds every file it must list; a file produced after it would not be served by
 * nginx (the hosts/ tree is an explicit list), which fails safe.
 */
import type { Generator, GeneratorInput, OutputFile } from '../generator.js';
import type { ClusterPlan } from '../../plan/model.js';
import { renderNginxConf, type NginxSite } from './nginx-conf.js';

export const NGINX_CONF_PATH = 'pxe/nginx.conf';

export function nginxSite(input: GeneratorInput): NginxSite {
  return siteFor(
    input.plan,
    input.hosts.map((h) => h.hostname),
    input.produced,
  );
}

function siteFor(plan: ClusterPlan, hostNames: readonly string[], files: readonly OutputFile[]): NginxSite {
  const url = new URL(plan.inventory.cluster.bootServer);
  const tls = url.protocol === 'https:';
  const selected = new Set(hostNames);
  return {
    cluster: plan.name,
    port: url.port === '' ? (tls ? 443 : 80) : Number(url.port),
    tls,
    hosts: plan.hosts
      .filter((h) => selected.has(h.name))
      .map((h) => ({ name: h.name, ip: h.ip, mac: h.mac })),
    files: files.map((f) =>
      f.host === undefined ? { path: f.path, mode: f.mode } : { path: f.path, mode: f.mode, host: f.host },
    ),
  };
}

/**
 * nginx.conf for OUT as it will finally be: every file, rendered this run or kept from the last.
 * A partial run (--only, --hosts) re-renders it through this, so its per-file allow/deny rules
 * never describe an older OUT.
 */
export function nginxConfForOut(
  plan: ClusterPlan,
  files: readonly OutputFile[],
  exclude: readonly string[],
): string {
  const listed = files.filter((f) => f.path !== NGINX_CONF_PATH && !exclude.includes(f.path));
  return renderNginxConf(
    siteFor(
      plan,
      plan.hosts.map((h) => h.name),
      listed,
    ),
  );
}

export const nginxGenerator: Generator = {
  name: 'nginx',
  needs: [],
  render(input: GeneratorInput): OutputFile[] {
    return [{ path: NGINX_CONF_PATH, content: renderNginxConf(nginxSite(input)), mode: 0o644 }];
  },
};
