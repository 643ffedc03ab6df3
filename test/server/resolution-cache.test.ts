import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../server/manifest.js';
import { resolutionCache } from '../../server/resolution-cache.js';
import { buildSnapshot, makeServedFile, type Snapshot } from '../../server/snapshot.js';
import { resolve, type RouteRequest } from '../../serving/router.js';

const manifest = parseManifest({
  files: [],
  hosts: [
    { name: 'a', ip: '10.0.0.1', mac: '52:54:00:00:00:01', roles: [] },
    { name: 'b', ip: '10.0.0.2', mac: '52:54:00:00:00:02', roles: [] },
  ],
});

function snapshotWith(generation: number, metaData: string): Snapshot {
  return buildSnapshot(
    manifest,
    [
      makeServedFile('pxe/boot.ipxe', Buffer.from('#!ipxe\n'), { secret: false }),
      makeServedFile('pxe/ipxe/52-54-00-00-00-01.ipxe', Buffer.from('#!ipxe\n'), {
        host: 'a',
        secret: false,
      }),
      makeServedFile('hosts/a/meta-data', Buffer.from(metaData), { host: 'a', secret: false }),
      makeServedFile('hosts/b/meta-data', Buffer.from(metaData), { host: 'b', secret: false }),
    ],
    generation,
  );
}

const get = (url: string, remote = '127.0.0.1', userAgent = 'curl/8'): RouteRequest => ({
  method: 'GET',
  url,
  remote,
  userAgent,
});

describe('resolutionCache', () => {
  it('answers what the router answers, for every kind of request', () => {
    const cache = resolutionCache();
    const snapshot = snapshotWith(1, 'v1');
    const requests: RouteRequest[] = [
      get('/boot.ipxe'),
      get('/pxe/ipxe/52-54-00-00-00-01.ipxe'),
      get('/pxe/ipxe/52:54:00:00:00:01.ipxe'),
      get('/hosts/a/meta-data'),
      get('/hosts/a/meta-data', '10.0.0.9', 'iPXE/1.21'),
      get('/mac/52-54-00-00-00-01/ipxe'),
      get('/meta-data?host=b'),
      get('/self/meta-data', '10.0.0.1'),
      get('/self/meta-data', '10.0.0.2'),
      get('/hosts/c/meta-data'),
      get('/manifest.json'),
      get('/hosts/../cluster/admin.conf'),
      { ...get('/hosts/a/meta-data'), method: 'HEAD' },
      { ...get('/hosts/a/meta-data'), method: 'DELETE' },
    ];
    // Twice: the second pass is answered from the cache where it may be.
    for (let pass = 0; pass < 2; pass++)
      for (const request of [...requests, ...requests])
        expect(cache.resolve(request, snapshot)).toEqual(resolve(request, snapshot.index));
  });

  it('keeps a found file per target and user-agent kind, so iPXE still gets iPXE refusals', () => {
    const cache = resolutionCache();
    const snapshot = snapshotWith(1, 'v1');
    const plain = cache.resolve(get('/hosts/a/meta-data'), snapshot);
    expect(cache.resolve(get('/hosts/a/meta-data'), snapshot)).toBe(plain);
    const ipxe = cache.resolve(get('/hosts/a/meta-data', '127.0.0.1', 'iPXE/1.21'), snapshot);
    expect(ipxe).toMatchObject({ kind: 'file', ipxe: true });
    expect(plain).toMatchObject({ kind: 'file', ipxe: false });
  });

  it('never keeps /self/ answers: they depend on who asks', () => {
    const cache = resolutionCache();
    const snapshot = snapshotWith(1, 'v1');
    expect(cache.resolve(get('/self/meta-data', '10.0.0.1'), snapshot)).toMatchObject({
      kind: 'file',
      host: { name: 'a' },
    });
    expect(cache.resolve(get('/self/meta-data', '10.0.0.2'), snapshot)).toMatchObject({
      kind: 'file',
      host: { name: 'b' },
    });
    expect(cache.resolve(get('/self/meta-data', '10.0.0.3'), snapshot)).toMatchObject({
      kind: 'error',
      status: 404,
    });
  });

  it('answers from the snapshot it is given: a reload is never answered with the old files', () => {
    const cache = resolutionCache();
    const first = cache.resolve(get('/hosts/a/meta-data'), snapshotWith(1, 'v1'));
    const second = cache.resolve(get('/hosts/a/meta-data'), snapshotWith(2, 'v2'));
    expect(first.kind === 'file' && first.file.bytes.toString()).toBe('v1');
    expect(second.kind === 'file' && second.file.bytes.toString()).toBe('v2');
  });

  it('stays within its bound and still answers correctly past it', () => {
    const cache = resolutionCache(() => 2);
    const snapshot = snapshotWith(1, 'v1');
    const urls = ['/hosts/a/meta-data', '/hosts/b/meta-data', '/boot.ipxe', '/meta-data?host=a'];
    for (let pass = 0; pass < 3; pass++)
      for (const url of urls)
        expect(cache.resolve(get(url), snapshot)).toEqual(resolve(get(url), snapshot.index));
  });
});
