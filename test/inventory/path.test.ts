import { describe, expect, it } from 'vitest';
import { formatPath } from '../../inventory/diagnostic.js';
import { parsePath } from '../../inventory/path.js';

describe('parsePath', () => {
  it('inverts formatPath', () => {
    for (const segments of [
      [],
      ['hosts', 2, 'mac'],
      ['cluster', 'network', 'nameservers', 0],
      [3],
      ['a', 0, 1, 'b'],
    ]) {
      expect(parsePath(formatPath(segments))).toEqual(segments);
    }
  });

  it('reads printed paths from other stages', () => {
    expect(parsePath('cluster.artifacts.sha256.flannel')).toEqual([
      'cluster',
      'artifacts',
      'sha256',
      'flannel',
    ]);
    expect(parsePath('hosts[10].profiles[0]')).toEqual(['hosts', 10, 'profiles', 0]);
  });
});
