import { describe, expect, it } from 'vitest';
import { resolveKey } from '../../inventory/key-path.js';

const hosts = ['knode1', 'knode2', 'knode3'];

describe('resolveKey', () => {
  it('resolves a cluster key to its segments and schema', () => {
    const r = resolveKey('cluster.kubernetes.version', hosts);
    expect(r).toMatchObject({ segments: ['cluster', 'kubernetes', 'version'], hosts: [] });
    expect('schema' in r && r.schema.description).toMatch(/Kubernetes release/);
  });

  it.each([
    ['hosts[1].disk', [1]],
    ['hosts.knode2.disk', [1]],
    ['hosts[knode3].disk', [2]],
    ['hosts.disk', [0, 1, 2]],
    ['hosts[*].disk', [0, 1, 2]],
  ])('%s selects hosts %j', (key, selected) => {
    const r = resolveKey(key, hosts);
    expect(r).toMatchObject({ hosts: selected });
    expect('segments' in r && r.segments.at(-1)).toBe('disk');
  });

  it('answers a host key the host lacks with the cluster key every host gets', () => {
    expect(resolveKey('hosts[0].runtime', hosts)).toMatchObject({
      segments: ['cluster', 'runtime'],
      hosts: [0],
      viaCluster: 'cluster.runtime',
    });
  });

  it('accepts any key of a string map', () => {
    expect(resolveKey('cluster.labels.zone', hosts)).toMatchObject({
      segments: ['cluster', 'labels', 'zone'],
    });
  });

  it.each([
    ['cluster.runtim', 'cluster.runtime'],
    ['cluster.kubernetes.verison', 'cluster.kubernetes.version'],
    ['hosts.knod2.disk', 'knode2'],
    ['hosts[0].dsk', 'hosts[0].disk'],
  ])('%s is UNKNOWN_KEY with "did you mean %s"', (key, guess) => {
    const r = resolveKey(key, hosts);
    expect(r).toMatchObject({ code: 'UNKNOWN_KEY', severity: 'error' });
    expect('hint' in r && r.hint).toContain(`did you mean '${guess}'`);
  });

  it('refuses an index past the last host, naming the range', () => {
    const r = resolveKey('hosts[3].disk', hosts);
    expect('hint' in r && r.hint).toContain('hosts[0] to hosts[2]');
  });
});
