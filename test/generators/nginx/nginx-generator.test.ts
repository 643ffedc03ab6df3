import { describe, expect, it } from 'vitest';
import type { OutputFile } from '../../../generators/generator.js';
import { NGINX_CONF_PATH, nginxGenerator, nginxSite } from '../../../generators/nginx/nginx-generator.js';
import { pxeGenerator } from '../../../generators/pxe/pxe-generator.js';
import { fixtureHosts, fixturePlan } from '../../fixtures/boot-media/cluster.js';
import { contextFor, siteOf } from '../support/contexts.js';

function produced(): OutputFile[] {
  const plan = fixturePlan();
  return [
    ...siteOf(pxeGenerator, plan).files,
    ...fixtureHosts(plan).flatMap((h) => pxeGenerator.host!(contextFor(plan, h), []).files),
    { path: 'hosts/knode1/user-data', content: '#cloud-config\n', mode: 0o600, host: 'knode1' },
    { path: 'hosts/knode1/meta-data', content: 'instance-id: knode1\n', mode: 0o644, host: 'knode1' },
    { path: 'hosts/knode2/ks.cfg', content: 'text\n', mode: 0o600, host: 'knode2' },
  ];
}

describe('nginx generator', () => {
  it('writes pxe/nginx.conf from the final file list', () => {
    const plan = fixturePlan();
    const { files } = siteOf(nginxGenerator, plan, produced());
    expect(files.map((f) => [f.path, f.mode])).toEqual([[NGINX_CONF_PATH, 0o644]]);
    const conf = String(files[0]?.content);
    expect(conf).toContain('location = /hosts/knode1/user-data { allow 10.0.0.11; deny all; }');
    expect(conf).toContain('location = /hosts/knode2/ks.cfg { allow 10.0.0.12; deny all; }');
    expect(conf).toContain('location = /hosts/knode1/meta-data { }');
    expect(conf).toMatch(/^ {4}listen 8080 backlog=4096;$/m);
  });

  it('takes the port and TLS from cluster.bootServer', () => {
    expect(nginxSite(fixturePlan({ bootServer: 'https://boot.example.com' }), [])).toMatchObject({
      port: 443,
      tls: true,
    });
    expect(nginxSite(fixturePlan({ bootServer: 'http://10.0.0.2' }), [])).toMatchObject({
      port: 80,
      tls: false,
    });
  });

  it('knows every host of the inventory and never lists itself', () => {
    const plan = fixturePlan();
    const site = nginxSite(plan, [{ path: NGINX_CONF_PATH, mode: 0o644 }]);
    expect(site.hosts.map((h) => h.name)).toEqual(['knode1', 'knode2']);
    expect(site.files).toEqual([]);
  });
});
