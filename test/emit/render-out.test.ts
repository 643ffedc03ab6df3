import { describe, expect, it } from 'vitest';
import { assembleOut, inScope } from '../../emit/render-out.js';
import type { FormattedFile } from '../../emit/manifest.js';
import type { ClusterPlan } from '../../plan/model.js';
import { fixturePlan } from '../fixtures/boot-media/cluster.js';

const plan = {
  name: 'c',
  hosts: [
    { name: 'a', ip: '10.0.0.1', mac: '52:54:00:00:00:01', roles: ['node'] },
    { name: 'b', ip: '10.0.0.2', mac: '52:54:00:00:00:02', roles: ['node'] },
  ],
} as unknown as ClusterPlan;

const f = (path: string, format: string, host?: string, content = 'new'): FormattedFile =>
  host === undefined ? { path, content, mode: 0o644, format } : { path, content, mode: 0o644, format, host };

describe('scope', () => {
  it('keeps cluster files in every scope and filters by format and host', () => {
    const scope = { formats: ['pxe'], hosts: new Set(['a']) };
    expect(inScope(f('cluster/ca.crt', 'cluster'), scope)).toBe(true);
    expect(inScope(f('pxe/boot.ipxe', 'pxe'), scope)).toBe(true);
    expect(inScope(f('pxe/ipxe/a.ipxe', 'pxe', 'a'), scope)).toBe(true);
    expect(inScope(f('pxe/ipxe/b.ipxe', 'pxe', 'b'), scope)).toBe(false);
    expect(inScope(f('hosts/a/ks.cfg', 'kickstart', 'a'), scope)).toBe(false);
  });
});

describe('assembleOut', () => {
  it('carries over files outside the scope, drops removed hosts and the old manifest, writes a new one', () => {
    const scope = { formats: ['kickstart'], hosts: new Set(['a']) };
    const rendered = [f('hosts/a/ks.cfg', 'kickstart', 'a')];
    const previous = [
      f('hosts/a/ks.cfg', 'kickstart', 'a', 'old'),
      f('hosts/b/ks.cfg', 'kickstart', 'b', 'old-b'),
      f('hosts/a/user-data', 'cloud-init', 'a', 'old-ud'),
      f('hosts/gone/ks.cfg', 'kickstart', 'gone', 'old'),
      f('manifest.json', 'manifest', undefined, '{}'),
    ];
    const { files, manifest } = assembleOut(plan, rendered, previous, scope);
    const byPath = new Map(files.map((x) => [x.path, x.content]));
    expect(byPath.get('hosts/a/ks.cfg')).toBe('new');
    expect(byPath.get('hosts/b/ks.cfg')).toBe('old-b');
    expect(byPath.get('hosts/a/user-data')).toBe('old-ud');
    expect(byPath.has('hosts/gone/ks.cfg')).toBe(false);
    expect(files.filter((x) => x.path === 'manifest.json')).toHaveLength(1);
    expect(manifest.files.map((x) => x.path)).toEqual([
      'hosts/a/ks.cfg',
      'hosts/a/user-data',
      'hosts/b/ks.cfg',
    ]);
    expect(JSON.parse(byPath.get('manifest.json') as string)).toEqual(manifest);
  });
});

describe('assembleOut and nginx.conf', () => {
  it('re-renders a carried-over nginx.conf from the final OUT, so a file that became secret gets its allow/deny', () => {
    const real = fixturePlan();
    const host = real.hosts[0]!;
    const scope = { formats: ['cloud-init'] };
    const rendered: FormattedFile[] = [
      {
        path: `hosts/${host.name}/user-data`,
        content: 'secret now',
        mode: 0o600,
        host: host.name,
        format: 'cloud-init',
      },
    ];
    const previous: FormattedFile[] = [
      { path: 'pxe/nginx.conf', content: '# stale: user-data was public\n', mode: 0o644, format: 'nginx' },
      { path: 'pxe/boot.ipxe', content: '#!ipxe\n', mode: 0o644, format: 'pxe' },
    ];
    const { files } = assembleOut(real, rendered, previous, scope);
    const conf = files.find((x) => x.path === 'pxe/nginx.conf')!.content as string;
    expect(conf).not.toContain('stale');
    expect(conf).toContain(`location = /hosts/${host.name}/user-data { allow ${host.ip}; deny all; }`);
  });
});
