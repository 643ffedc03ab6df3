import { describe, expect, it } from 'vitest';
import { macPattern, renderNginxConf } from '../../../generators/nginx/nginx-conf.js';
import { fixtureSite } from './site-fixture.js';

describe('renderNginxConf', () => {
  const conf = renderNginxConf(fixtureSite(8080));

  it('restricts every secret file to its host address', () => {
    expect(conf).toContain('location = /hosts/knode1/user-data { allow 127.0.0.11; deny all; }');
    expect(conf).toContain('location = /hosts/knode2/ks.cfg { allow 127.0.0.12; deny all; }');
    expect(conf).toContain('location = /hosts/knode3/config.ign { allow 127.0.0.13; deny all; }');
    expect(conf).toContain('location = /hosts/knode1/meta-data { }');
  });

  it('restricts nested and top-level secret files too (cloud user-data, bundles)', () => {
    const site = fixtureSite(8080);
    const conf2 = renderNginxConf({
      ...site,
      files: [
        ...site.files,
        { path: 'hosts/knode2/cloud/user-data.aws', mode: 0o600, host: 'knode2' },
        { path: 'bundles/knode3.tar.gz', mode: 0o600, host: 'knode3' },
        { path: 'hosts/knode2/vsphere/govc.sh', mode: 0o700, host: 'knode2' },
        { path: 'pxe/orphan.key', mode: 0o600 },
      ],
    });
    expect(conf2).toContain('location = /hosts/knode2/cloud/user-data.aws { allow 127.0.0.12; deny all; }');
    expect(conf2).toContain('location = /bundles/knode3.tar.gz { allow 127.0.0.13; deny all; }');
    expect(conf2).toContain('location = /hosts/knode2/vsphere/govc.sh { allow 127.0.0.12; deny all; }');
    expect(conf2).toContain(
      'location = /pxe/orphan.key { set $bootforge_reason "secret file /pxe/orphan.key belongs to no host"; return 403; }',
    );
  });

  it('lists hosts/ explicitly and refuses operator material', () => {
    expect(conf).toMatch(/location \^~ \/hosts\/ \{ set \$bootforge_reason "[^"]+"; return 404; \}/);
    expect(conf).toMatch(/location \^~ \/cluster\/ \{ set \$bootforge_reason "[^"]+"; return 403; \}/);
    expect(conf).toMatch(/location = \/cluster \{ set \$bootforge_reason "[^"]+"; return 403; \}/);
    expect(conf).not.toContain('admin.kubeconfig');
  });

  it('gives hosts without vendor-data an empty cloud-config', () => {
    expect(conf).toContain('location = /hosts/knode2/vendor-data { return 200 "#cloud-config\\n"; }');
  });

  it('is deterministic and independent of input order', () => {
    const site = fixtureSite(8080);
    const shuffled = { ...site, files: [...site.files].reverse(), hosts: [...site.hosts].reverse() };
    expect(renderNginxConf(shuffled)).toBe(conf);
  });

  it('listens on the boot server port, with ssl for an https boot server', () => {
    expect(conf).toMatch(/^ {4}listen 8080 backlog=4096;$/m);
    expect(renderNginxConf({ ...fixtureSite(8443), tls: true })).toMatch(
      /^ {4}listen 8443 ssl backlog=4096;$/m,
    );
  });

  it('refuses names nginx would misread', () => {
    const site = fixtureSite(8080);
    expect(() => renderNginxConf({ ...site, files: [{ path: 'hosts/a b/x', mode: 0o644 }] })).toThrow(
      'cannot name the path',
    );
    expect(() => renderNginxConf({ ...site, files: [{ path: 'pxe/x;y', mode: 0o644 }] })).toThrow(
      'cannot name the path',
    );
    expect(() =>
      renderNginxConf({ ...site, hosts: [{ name: 'x;', ip: '10.0.0.1', mac: '52:54:00:00:00:01' }] }),
    ).toThrow('cannot name the host');
  });
});

describe('macPattern', () => {
  // PCRE's \g{1} is JavaScript's (?:\1); nginx itself checks the PCRE form in nginx.test.ts.
  const pattern = new RegExp(`^${macPattern('52:54:00:ab:cd:ef').replaceAll('\\g{1}', '(?:\\1)')}$`, 'i');

  it.each([
    '52:54:00:ab:cd:ef',
    '52-54-00-AB-CD-EF',
    '525400abcdef',
    '5254.00ab.cdef',
    '01-52-54-00-ab-cd-ef',
  ])('matches %s', (mac) => {
    expect(pattern.test(mac)).toBe(true);
  });

  it.each(['52:54-00:ab:cd:ef', '52:54:00:ab:cd:ee', '52:54:00:ab:cd'])('does not match %s', (mac) => {
    expect(pattern.test(mac)).toBe(false);
  });
});
