/** The nginx site for the shared OUT fixture (test/server/out-fixture.ts). */
import type { NginxSite } from '../../../generators/nginx/nginx-conf.js';
import { FIXTURE_HOSTS, fixtureFiles } from '../../server/out-fixture.js';

export function fixtureSite(port: number, version = 'v1'): NginxSite {
  return {
    cluster: 'knodes',
    port,
    tls: false,
    hosts: FIXTURE_HOSTS.map((h) => ({ name: h.name, ip: h.ip, mac: h.mac })),
    files: fixtureFiles(version).map((f) => ({
      path: f.path,
      mode: f.mode,
      ...(f.host === undefined ? {} : { host: f.host }),
    })),
  };
}
