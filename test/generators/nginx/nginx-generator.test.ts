import { describe, expect, it } from 'vitest';
import type { OutputFile } from '../../../generators/generator.js';
import { NGINX_CONF_PATH, nginxGenerator, nginxSite } from '../../../generators/nginx/nginx-generator.js';
import { pxeGenerator } from '../../../generators/pxe/pxe-generator.js';
import { fixtureHosts, fixturePlan } from '../../fixtures/boot-media/cluster.js';

function produced(): OutputFile[] {
  const plan = fixturePlan();
  return [
    ...pxeGenerator.render({ plan, hosts: fixtureHosts(plan), produced: [] }),
    { path: 'hosts/knode1/user-data', content: '#cloud-config\n', mode: 0o600, host: 'knode1' },
    { path: 'hosts/knode1/meta-data', content: 'instance-id: knode1\n', mode: 0o644, host: 'knode1' },
    { path: 'hosts/knode2/ks.cfg', content: 'text\n', mode: 0o600, host: 'knode2' },
  ];
}

describe('nginx generator', () => {
  it('writes pxe/nginx.conf from the files produced before it', () => {
    const plan = fixturePlan();
    const files = nginxGenerator.render({ plan, hosts: fixtureHosts(plan), produced: produced() });
    expect(files.map((f) => [f.path, f.mode])).toEqual([[NGINX_CONF_PATH, 0o644]]);
    const conf = String(files[0]?.content);
    expect(conf).toContain('location = /hosts/knode1/user-data { allow 10.0.0.11; deny all; }');
    expect(conf).toContain('location = /hosts/knode2/ks.cfg { allow 10.0.0.12; deny all; }');
    expect(conf).toContain('location = /hosts/knode1/meta-data { }');
    expect(conf).toMatch(/^ {4}listen 8080 backlog=4096;$/m);
  });

  it('takes the port and TLS from cluster.bootServer', () => {
    const plan = fixturePlan({ bootServer: 'https://boot.example.com' });
    expect(nginxSite({ plan, hosts: fixtureHosts(plan), produced: [] })).toMatchObject({
      port: 443,
      tls: true,
    });
    const plain = fixturePlan({ bootServer: 'http://10.0.0.2' });
    expect(nginxSite({ plan: plain, hosts: fixtureHosts(plain), produced: [] })).toMatchObject({
      port: 80,
      tls: false,
    });
  });

  it('knows only the hosts selected for this run', () => {
    const plan = fixturePlan();
    const [first] = fixtureHosts(plan);
    const site = nginxSite({ plan, hosts: first ? [first] : [], produced: [] });
    expect(site.hosts.map((h) => h.name)).toEqual(['knode1']);
  });
});
