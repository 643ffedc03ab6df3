import { describe, expect, it } from 'vitest';
import { isSafeRelativePath, parseManifest } from '../../server/manifest.js';
import { fixtureFiles, fixtureManifest } from './out-fixture.js';

const sha = 'a'.repeat(64);

function withFiles(files: unknown[], hosts: unknown[] = []): unknown {
  return { files, hosts };
}

describe('parseManifest', () => {
  it('reads the manifest generate writes', () => {
    const manifest = parseManifest(fixtureManifest(fixtureFiles('v1')));
    expect(manifest.hosts.map((h) => h.name)).toEqual(['knode1', 'knode2', 'knode3']);
    expect(manifest.files.find((f) => f.path === 'hosts/knode1/user-data')).toMatchObject({
      mode: 0o600,
      secret: true,
      host: 'knode1',
    });
  });

  it('normalises host MACs', () => {
    const manifest = parseManifest(
      withFiles([], [{ name: 'a', ip: '10.0.0.1', mac: '52-54-00-AA-BB-CC', roles: [] }]),
    );
    expect(manifest.hosts[0]?.mac).toBe('52:54:00:aa:bb:cc');
  });

  it.each([
    [withFiles([{ path: '../etc/passwd', sha256: sha, size: 1, mode: 420 }]), 'files[0].path'],
    [withFiles([{ path: '/etc/passwd', sha256: sha, size: 1, mode: 420 }]), 'files[0].path'],
    [withFiles([{ path: 'a//b', sha256: sha, size: 1, mode: 420 }]), 'files[0].path'],
    [withFiles([{ path: 'a', sha256: 'xyz', size: 1, mode: 420 }]), 'files[0].sha256'],
    [withFiles([{ path: 'a', sha256: sha, size: -1, mode: 420 }]), 'files[0].size'],
    [withFiles([{ path: 'a', sha256: sha, size: 1, mode: 420, host: 'ghost' }]), 'files[0].host'],
    [
      withFiles([
        { path: 'a', sha256: sha, size: 1, mode: 420 },
        { path: 'a', sha256: sha, size: 1, mode: 420 },
      ]),
      'files[1]',
    ],
    [withFiles([], [{ name: '../x', ip: '10.0.0.1', mac: '52:54:00:00:00:01' }]), 'hosts[0].name'],
    [withFiles([], [{ name: 'x', ip: '10.0.0.1', mac: 'nope' }]), 'hosts[0].mac'],
    [{ hosts: [] }, 'files'],
  ])('refuses a bad manifest (%#) at %s', (json, where) => {
    expect(() => parseManifest(json)).toThrow(`manifest.json ${where}:`);
  });
});

describe('isSafeRelativePath', () => {
  it('accepts plain relative paths only', () => {
    expect(isSafeRelativePath('hosts/knode1/user-data')).toBe(true);
    for (const bad of ['', '.', '..', 'a/../b', 'a/./b', '/a', 'a\\b', 'a\0b', 'a/'])
      expect(isSafeRelativePath(bad)).toBe(false);
  });
});
