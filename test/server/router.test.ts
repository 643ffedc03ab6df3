import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../server/manifest.js';
import { decodeSegments, resolve, type RouteRequest } from '../../server/router.js';
import { buildSnapshot, makeServedFile } from '../../server/snapshot.js';

const snapshot = buildSnapshot(
  parseManifest({ files: [], hosts: [{ name: 'a', ip: '10.0.0.1', mac: '52:54:00:00:00:01', roles: [] }] }),
  [
    makeServedFile('pxe/boot.ipxe', Buffer.from('#!ipxe\n'), { secret: false }),
    makeServedFile('pxe/ipxe/52-54-00-00-00-01.ipxe', Buffer.from('#!ipxe\n'), { secret: false, host: 'a' }),
    makeServedFile('hosts/a/meta-data', Buffer.from('x'), { secret: false, host: 'a' }),
  ],
  1,
);

const request = (url: string, method = 'GET', userAgent = ''): RouteRequest => ({
  method,
  url,
  remote: '10.0.0.1',
  userAgent,
});

describe('decodeSegments', () => {
  it('decodes, drops empty segments and refuses what could climb or smuggle', () => {
    expect(decodeSegments('/hosts//a/%6deta-data')).toEqual(['hosts', 'a', 'meta-data']);
    expect(decodeSegments('relative')).toBe('the request target must be an absolute path');
    expect(decodeSegments('/a/%2F/b')).toBe('encoded slash or backslash in path');
    expect(decodeSegments('/a/%5C')).toBe('encoded slash or backslash in path');
    expect(decodeSegments('/a/%2e%2E')).toBe("'.' and '..' segments are not allowed");
    expect(decodeSegments('/a%00')).toBe('NUL byte in path');
    expect(decodeSegments('/%zz')).toBe('bad percent-encoding in path');
  });
});

describe('resolve', () => {
  it('maps every lookup of the same file to the same file', () => {
    const paths = [
      '/hosts/a/meta-data',
      '/mac/52-54-00-00-00-01/meta-data',
      '/meta-data?mac=5254.0000.0001',
      '/meta-data?host=a',
      '/self/meta-data',
    ];
    for (const path of paths) {
      const r = resolve(request(path), snapshot);
      expect(r.kind === 'file' ? r.file.path : r, path).toBe('hosts/a/meta-data');
    }
  });

  it('gives the boot.ipxe alias and the host script by MAC', () => {
    const boot = resolve(request('/boot.ipxe'), snapshot);
    expect(boot.kind === 'file' ? boot.file.path : boot).toBe('pxe/boot.ipxe');
    const script = resolve(request('/ipxe?mac=52:54:00:00:00:01'), snapshot);
    expect(script.kind === 'file' ? script.file.path : script).toBe('pxe/ipxe/52-54-00-00-00-01.ipxe');
  });

  it('only takes admin actions by POST, and refuses other methods elsewhere', () => {
    expect(resolve(request('/_bootforge/rearm/a', 'POST'), snapshot)).toEqual({
      kind: 'admin',
      route: 'admin',
      action: 'rearm',
      host: 'a',
    });
    expect(resolve(request('/_bootforge/reload', 'GET'), snapshot)).toMatchObject({
      kind: 'error',
      status: 405,
    });
    expect(resolve(request('/boot.ipxe', 'DELETE'), snapshot)).toMatchObject({ kind: 'error', status: 405 });
  });

  it('asks for an iPXE error script for iPXE requests only', () => {
    expect(resolve(request('/mac/52-54-00-00-00-99/ipxe'), snapshot)).toMatchObject({
      status: 404,
      ipxe: true,
    });
    expect(resolve(request('/mac/52-54-00-00-00-99/meta-data'), snapshot)).toMatchObject({
      status: 404,
      ipxe: false,
    });
    expect(resolve(request('/mac/52-54-00-00-00-99/meta-data', 'GET', 'iPXE/1.21'), snapshot)).toMatchObject({
      ipxe: true,
    });
    expect(resolve(request('/meta-data?mac=bogus'), snapshot)).toMatchObject({ status: 400 });
  });
});
