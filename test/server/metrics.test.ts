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

describe('Metrics.merged', () => {
  it('sums request counters by route and status across processes', () => {
    const a = new Metrics();
    const b = new Metrics();
    a.recordRequest('host', 200, 10);
    a.recordRequest('host', 304, 0);
    b.recordRequest('host', 200, 5);
    b.recordRequest('mac', 404, 1);
    expect(a.counters().requests).toEqual([
      ['host\u0000200', 1],
      ['host\u0000304', 1],
    ]);
    const merged = Metrics.merged([a.counters(), b.counters()]);
    expect(merged.requestCount('host', 200)).toBe(2);
    expect(merged.requestCount('host', 304)).toBe(1);
    expect(merged.requestCount('mac', 404)).toBe(1);
    expect(merged.requestCount('mac', 200)).toBe(0);
    const lines = merged.render({ generation: 1, loadedAtSeconds: 0, files: 0, hosts: 0 }).split('\n');
    expect(lines).toContain('bootforge_http_requests_total{route="host",status="200"} 2');
    expect(lines).toContain('bootforge_http_response_bytes_total{route="host"} 15');
  });
});
