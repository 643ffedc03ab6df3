import { describe, expect, it } from 'vitest';
import { Metrics } from '../../server/metrics.js';

describe('Metrics.render', () => {
  it('writes Prometheus text with HELP/TYPE for every family and one sample per label set', () => {
    const metrics = new Metrics();
    metrics.recordRequest('host', 200, 100);
    metrics.recordRequest('host', 200, 50);
    metrics.recordRequest('mac', 404, 20);
    metrics.recordHostFetch('knode1', 1000);
    metrics.recordHostFetch('knode1', 1060);
    metrics.recordReloadFailure();
    const text = metrics.render({ generation: 3, loadedAtSeconds: 999, files: 12, hosts: 2 });
    const lines = text.trimEnd().split('\n');
    expect(lines).toContain('bootforge_http_requests_total{route="host",status="200"} 2');
    expect(lines).toContain('bootforge_http_requests_total{route="mac",status="404"} 1');
    expect(lines).toContain('bootforge_http_response_bytes_total{route="host"} 150');
    expect(lines).toContain('bootforge_host_first_fetch_timestamp_seconds{host="knode1"} 1000');
    expect(lines).toContain('bootforge_host_last_fetch_timestamp_seconds{host="knode1"} 1060');
    expect(lines).toContain('bootforge_host_fetches_total{host="knode1"} 2');
    expect(lines).toContain('bootforge_snapshot_generation 3');
    expect(lines).toContain('bootforge_reload_failures_total 1');
    const families = lines.filter((l) => l.startsWith('# TYPE ')).map((l) => l.split(' ')[2]);
    for (const sample of lines.filter((l) => !l.startsWith('#'))) {
      expect(families).toContain(sample.split(/[{ ]/)[0]);
    }
    expect(text.endsWith('\n')).toBe(true);
  });
});
