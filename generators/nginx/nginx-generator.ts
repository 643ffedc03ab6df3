/**
 * The `nginx` format: pxe/nginx.conf (see nginx-conf.ts). Registered after every other format so
 * that `produced` holds every file it must list; a file produced after it would not be served by
 * nginx (the hosts/ tree is an explicit list), which fails safe.
 */
import type { Generator, GeneratorInput, OutputFile } from '../generator.js';
import { renderNginxConf, type NginxSite } from './nginx-conf.js';

export const NGINX_CONF_PATH = 'pxe/nginx.conf';

export function nginxSite(input: GeneratorInput): NginxSite {
  const url = new URL(input.plan.inventory.cluster.bootServer);
  const tls = url.protocol === 'https:';
  const selected = new Set(input.hosts.map((h) => h.hostname));
  return {
    cluster: input.plan.name,
    port: url.port === '' ? (tls ? 443 : 80) : Number(url.port),
    tls,
    hosts: input.plan.hosts
      .filter((h) => selected.has(h.name))
      .map((h) => ({ name: h.name, ip: h.ip, mac: h.mac })),
    files: input.produced.map((f) =>
      f.host === undefined ? { path: f.path, mode: f.mode } : { path: f.path, mode: f.mode, host: f.host },
    ),
  };
}

export const nginxGenerator: Generator = {
  name: 'nginx',
  needs: [],
  render(input: GeneratorInput): OutputFile[] {
    return [{ path: NGINX_CONF_PATH, content: renderNginxConf(nginxSite(input)), mode: 0o644 }];
  },
};
