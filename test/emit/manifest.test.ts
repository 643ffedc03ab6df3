import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildManifest, manifestEntry, renderManifest } from '../../emit/manifest.js';
import type { ClusterPlan } from '../../plan/model.js';

const plan = {
  name: 'knodes',
  hosts: [{ name: 'knode1', ip: '10.0.0.11', mac: '52:54:00:00:00:11', roles: ['master'] }],
  boot: { bootServer: 'http://10.0.0.2:8080' },
} as unknown as ClusterPlan;

describe('manifest', () => {
  it('lists every file sorted by path with sha256, size, mode, host, format and secrecy', () => {
    const m = buildManifest(
      plan,
      [
        { path: 'pxe/boot.ipxe', content: '#!ipxe\n', mode: 0o644, format: 'pxe' },
        {
          path: 'hosts/knode1/user-data',
          content: 'secret',
          mode: 0o600,
          host: 'knode1',
          format: 'cloud-init',
        },
        {
          path: 'hosts/knode1/seed.iso',
          content: new Uint8Array([0, 255]),
          mode: 0o644,
          host: 'knode1',
          format: 'iso',
        },
      ].map(manifestEntry),
    );
    expect(m.files.map((f) => f.path)).toEqual([
      'hosts/knode1/seed.iso',
      'hosts/knode1/user-data',
      'pxe/boot.ipxe',
    ]);
    const userData = m.files[1]!;
    expect(userData).toEqual({
      path: 'hosts/knode1/user-data',
      sha256: createHash('sha256').update('secret').digest('hex'),
      size: 6,
      mode: 0o600,
      host: 'knode1',
      format: 'cloud-init',
      secret: true,
    });
    expect(m.files[0]!.size).toBe(2);
    expect(m.files[2]!.secret).toBe(false);
    expect('host' in m.files[2]!).toBe(false);
    expect(m.hosts).toEqual([
      { name: 'knode1', ip: '10.0.0.11', mac: '52:54:00:00:00:11', roles: ['master'] },
    ]);
  });

  it('renders byte-identically for the same input, whatever the input order', () => {
    const a = { path: 'a', content: 'a', mode: 0o644, format: 'x' };
    const b = { path: 'b', content: 'b', mode: 0o644, format: 'x' };
    expect(renderManifest(buildManifest(plan, [a, b].map(manifestEntry)))).toBe(
      renderManifest(buildManifest(plan, [b, a].map(manifestEntry))),
    );
  });
});
