import { describe, expect, it } from 'vitest';
import { carryOver, rendersAgain, type RenderScope } from '../../emit/carry-over.js';
import type { FormattedFile } from '../../emit/output-file.js';

const f = (path: string, format: string, host?: string, content = 'old'): FormattedFile =>
  host === undefined ? { path, content, mode: 0o644, format } : { path, content, mode: 0o644, format, host };

describe('rendersAgain', () => {
  it('re-renders per-host files of selected formats and hosts, and site files of running site phases', () => {
    const scope: RenderScope = { formats: ['pxe'], hosts: new Set(['a']), siteFormats: ['cluster', 'pxe'] };
    expect(rendersAgain(f('cluster/ca.crt', 'cluster'), scope)).toBe(true);
    expect(rendersAgain(f('pxe/boot.ipxe', 'pxe'), scope)).toBe(true);
    expect(rendersAgain(f('pxe/dnsmasq.conf', 'dnsmasq'), scope)).toBe(false);
    expect(rendersAgain(f('pxe/ipxe/a.ipxe', 'pxe', 'a'), scope)).toBe(true);
    expect(rendersAgain(f('pxe/ipxe/b.ipxe', 'pxe', 'b'), scope)).toBe(false);
    expect(rendersAgain(f('hosts/a/ks.cfg', 'kickstart', 'a'), scope)).toBe(false);
  });
});

describe('carryOver', () => {
  it('keeps what is not rendered again, drops removed hosts and the old manifest', () => {
    const scope: RenderScope = { formats: ['kickstart'], hosts: new Set(['a']), siteFormats: ['cluster'] };
    const previous = [
      f('hosts/a/ks.cfg', 'kickstart', 'a'),
      f('hosts/b/ks.cfg', 'kickstart', 'b'),
      f('hosts/a/user-data', 'cloud-init', 'a'),
      f('hosts/gone/ks.cfg', 'kickstart', 'gone'),
      f('cluster/ca.crt', 'cluster'),
      f('pxe/boot.ipxe', 'pxe'),
      f('manifest.json', 'manifest', undefined, '{}'),
    ];
    expect(carryOver(previous, scope, new Set(['a', 'b'])).map((x) => x.path)).toEqual([
      'hosts/b/ks.cfg',
      'hosts/a/user-data',
      'pxe/boot.ipxe',
    ]);
  });
});
