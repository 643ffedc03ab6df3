/**
 * The `nginx` format: pxe/nginx.conf (see nginx-conf.ts), a site-phase file over the final list
 * of OUT's files. It lists every file with its access rule, so it is re-rendered in every run
 * whose OUT holds it (`describesOut`): a partial run never leaves it describing an older OUT.
 * Registered last, so that every other site file is in the list it sees.
 */
import { pxeBootPlan } from '../../plan/boot.js';
import { pxeHosts } from '../../plan/delivery.js';
import type { ClusterPlan } from '../../plan/model.js';
import type { Generator } from '../generator.js';
import { renderNginxConf, type NginxFile, type NginxSite } from './nginx-conf.js';

export const NGINX_CONF_PATH = 'pxe/nginx.conf';

export function nginxSite(plan: ClusterPlan, files: readonly NginxFile[]): NginxSite {
  const url = new URL(pxeBootPlan(plan.boot).bootServer);
  const tls = url.protocol === 'https:';
  return {
    cluster: plan.name,
    port: url.port === '' ? (tls ? 443 : 80) : Number(url.port),
    tls,
    hosts: pxeHosts(plan).map((h) => ({ name: h.name, ip: h.ip, mac: h.mac })),
    files: files
      .filter((f) => f.path !== NGINX_CONF_PATH)
      .map((f) =>
        f.host === undefined ? { path: f.path, mode: f.mode } : { path: f.path, mode: f.mode, host: f.host },
      ),
  };
}

export const nginxGenerator: Generator = {
  name: 'nginx',
  delivery: 'pxe',
  needs: [],
  describesOut: true,
  site: ({ plan, files }) => ({
    files: [{ path: NGINX_CONF_PATH, content: renderNginxConf(nginxSite(plan, files)), mode: 0o644 }],
  }),
};
