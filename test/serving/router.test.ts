import { describe, expect, it } from 'vitest';
import type { ServingFile, ServingHost } from '../../serving/entry.js';
import { decodeSegments, resolve, type RouteRequest, type ServingIndex } from '../../serving/router.js';

const host: ServingHost = { name: 'a', ip: '10.0.0.1', mac: '52:54:00:00:00:01' };
const files: ServingFile[] = [
  { path: 'pxe/boot.ipxe', secret: false },
  { path: 'pxe/ipxe/52-54-00-00-00-01.ipxe', secret: false, host: 'a' },
  { path: 'hosts/a/meta-data', secret: false, host: 'a' },
  { path: 'hosts/a/user-data', secret: true, host: 'a' },
];
const snapshot: ServingIndex = {
  file: (path) => files.find((f) => f.path === path),
  host: (name) => (name === host.name ? host : undefined),
  hostByMac: (mac) => (mac === host.mac ? host : undefined),
  hostByAddress: (address) => (address === host.ip ? host : undefined),
};

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
    expect(resolve(request('/mac/52-54-00-00-00-99/meta-data'), snapshot)).toMatchObject({
      status: 404,
      ipxe: false,
    });
    expect(resolve(request('/mac/52-54-00-00-00-99/meta-data', 'GET', 'iPXE/1.21'), snapshot)).toMatchObject({
      ipxe: 'reason',
    });
    expect(resolve(request('/meta-data?mac=bogus'), snapshot)).toMatchObject({ status: 400, ipxe: false });
    expect(resolve(request('/pxe/foo.ipxe'), snapshot)).toMatchObject({ status: 404, ipxe: 'reason' });
  });

  it('answers a machine the inventory does not have with the unknown-MAC script, however it asks', () => {
    for (const path of [
      '/pxe/ipxe/52-54-00-00-00-99.ipxe',
      '/pxe/ipxe/not-a-mac.ipxe',
      '/mac/52-54-00-00-00-99/ipxe',
      '/mac/bogus/script.ipxe',
      '/ipxe?mac=52-54-00-00-00-99',
      '/boot.ipxe?host=nosuch',
      '/ipxe?host=nosuch',
    ]) {
      const r = resolve(request(path), snapshot);
      if (path === '/boot.ipxe?host=nosuch') expect(r.kind, path).toBe('file');
      else expect(r, path).toMatchObject({ kind: 'error', ipxe: 'unknown-mac' });
    }
    const self = resolve({ ...request('/self/ipxe'), remote: '10.9.9.9' }, snapshot);
    expect(self).toMatchObject({ status: 404, ipxe: 'unknown-mac' });
  });

  it('finds a per-MAC script by any MAC spelling under pxe/ipxe/', () => {
    const r = resolve(request('/pxe/ipxe/525400000001.ipxe'), snapshot);
    expect(r.kind === 'file' ? [r.route, r.file.path] : r).toEqual([
      'mac',
      'pxe/ipxe/52-54-00-00-00-01.ipxe',
    ]);
  });

  it('serves hosts/<name>/<file> as the static file it is: a script name there is no alias', () => {
    expect(resolve(request('/hosts/a/ipxe'), snapshot)).toMatchObject({ status: 404, route: 'host' });
    expect(resolve(request('/hosts/nosuch/ipxe'), snapshot)).toMatchObject({ status: 404, ipxe: 'reason' });
  });

  it('refuses operator material however it is spelt', () => {
    for (const path of [
      '/manifest.json',
      '/cluster',
      '/cluster/',
      '/cluster/admin.conf',
      '//cluster//ca.crt',
      '/lifecycle',
      '/lifecycle/hosts.json',
      '//lifecycle//hosts.json',
      '/%6cifecycle/hosts.json',
    ])
      expect(resolve(request(path), snapshot), path).toMatchObject({ status: 403 });
  });

  it('looks a host up by ?hostname= as by ?host=, the MAC first', () => {
    for (const path of [
      '/meta-data?hostname=a',
      '/meta-data?host=a',
      '/meta-data?mac=52:54:00:00:00:01&host=zz',
    ]) {
      const r = resolve(request(path), snapshot);
      expect(r.kind === 'file' ? r.file.path : r, path).toBe('hosts/a/meta-data');
    }
  });

  it('routes the lifecycle: POST /report/<host>, operator pages by GET, reinstall by POST', () => {
    expect(resolve(request('/report/a', 'POST'), snapshot)).toEqual({
      kind: 'report',
      route: 'report',
      hostName: 'a',
    });
    expect(resolve(request('/report/a'), snapshot)).toMatchObject({ kind: 'error', status: 405 });
    expect(resolve(request('/report', 'POST'), snapshot)).toMatchObject({ kind: 'error', status: 404 });
    expect(resolve(request('/report/a/b', 'POST'), snapshot)).toMatchObject({ kind: 'error', status: 404 });
    expect(resolve(request('/status'), snapshot)).toEqual({
      kind: 'operator',
      route: 'operator',
      view: 'status',
    });
    expect(resolve(request('/ui'), snapshot)).toEqual({ kind: 'operator', route: 'operator', view: 'ui' });
    expect(resolve(request('/ui/events'), snapshot)).toEqual({
      kind: 'operator',
      route: 'operator',
      view: 'events',
    });
    expect(resolve(request('/status', 'POST'), snapshot)).toMatchObject({ kind: 'error', status: 405 });
    expect(resolve(request('/ui/other'), snapshot)).toMatchObject({ kind: 'error', status: 404 });
    expect(resolve(request('/_bootforge/reinstall/a', 'POST'), snapshot)).toEqual({
      kind: 'admin',
      route: 'admin',
      action: 'reinstall',
      host: 'a',
    });
    expect(resolve(request('/_bootforge/reinstall', 'POST'), snapshot)).toMatchObject({ status: 404 });
  });
});
