/**
 * Prometheus text-format metrics, kept in plain maps (no client library): requests by route and
 * status, bytes by route, and per host the first and last time it fetched one of its files, so an
 * operator sees which machines have booted.
 */
import type { RouteName } from '../serving/router.js';

export interface SnapshotInfo {
  generation: number;
  loadedAtSeconds: number;
  files: number;
  hosts: number;
}

function escapeLabel(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

/** A process's counters as plain JSON, to be merged across workers (server/cluster/). */
export interface MetricsCounters {
  requests: [string, number][];
  bytes: [string, number][];
  firstFetch: [string, number][];
  lastFetch: [string, number][];
  hostFetches: [string, number][];
  reloadFailures: number;
  inFlight: number;
}

function add(
  into: Map<string, number>,
  entries: [string, number][],
  pick: (a: number, b: number) => number,
): void {
  for (const [key, value] of entries) {
    const had = into.get(key);
    into.set(key, had === undefined ? value : pick(had, value));
  }
}

/** `route\0status`: a request counter's key in MetricsCounters. */
const requestKey = (route: string, status: number): string => `${route}\0${status}`;

export class Metrics {
  /**
   * Requests by route, then status: two lookups on a route name (a constant string, its hash kept)
   * and a small integer, instead of building a key string for every request.
   */
  private readonly requests = new Map<string, Map<number, number>>();
  private readonly bytes = new Map<string, number>();
  private readonly firstFetch = new Map<string, number>();
  private readonly lastFetch = new Map<string, number>();
  private readonly hostFetches = new Map<string, number>();
  private reloadFailures = 0;
  inFlight = 0;

  recordRequest(route: RouteName, status: number, bytes: number): void {
    this.countRequests(route, status, 1);
    this.bytes.set(route, (this.bytes.get(route) ?? 0) + bytes);
  }

  private countRequests(route: string, status: number, count: number): void {
    let statuses = this.requests.get(route);
    if (statuses === undefined) {
      statuses = new Map();
      this.requests.set(route, statuses);
    }
    statuses.set(status, (statuses.get(status) ?? 0) + count);
  }

  /** Every request counter as `route\0status` and its count. */
  private requestEntries(): [string, number][] {
    const entries: [string, number][] = [];
    for (const [route, statuses] of this.requests)
      for (const [status, count] of statuses) entries.push([requestKey(route, status), count]);
    return entries;
  }

  /** A host got one of its own files (2xx). */
  recordHostFetch(host: string, nowSeconds: number): void {
    if (!this.firstFetch.has(host)) this.firstFetch.set(host, nowSeconds);
    this.lastFetch.set(host, nowSeconds);
    this.hostFetches.set(host, (this.hostFetches.get(host) ?? 0) + 1);
  }

  recordReloadFailure(): void {
    this.reloadFailures += 1;
  }

  counters(): MetricsCounters {
    return {
      requests: this.requestEntries(),
      bytes: [...this.bytes],
      firstFetch: [...this.firstFetch],
      lastFetch: [...this.lastFetch],
      hostFetches: [...this.hostFetches],
      reloadFailures: this.reloadFailures,
      inFlight: this.inFlight,
    };
  }

  /** Several processes' counters as one: counts summed, first fetch the earliest, last the latest. */
  static merged(all: readonly MetricsCounters[]): Metrics {
    const merged = new Metrics();
    const sum = (a: number, b: number): number => a + b;
    for (const one of all) {
      for (const [key, count] of one.requests) {
        const at = key.indexOf('\0');
        merged.countRequests(key.slice(0, at), Number(key.slice(at + 1)), count);
      }
      add(merged.bytes, one.bytes, sum);
      add(merged.firstFetch, one.firstFetch, Math.min);
      add(merged.lastFetch, one.lastFetch, Math.max);
      add(merged.hostFetches, one.hostFetches, sum);
      merged.reloadFailures += one.reloadFailures;
      merged.inFlight += one.inFlight;
    }
    return merged;
  }

  requestCount(route: RouteName, status: number): number {
    return this.requests.get(route)?.get(status) ?? 0;
  }

  render(snapshot: SnapshotInfo): string {
    const lines: string[] = [];
    const family = (name: string, type: 'counter' | 'gauge', help: string): void => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    };
    family('bootforge_http_requests_total', 'counter', 'HTTP requests answered, by route and status.');
    for (const [key, count] of this.requestEntries().sort(([a], [b]) => a.localeCompare(b))) {
      const [route = '', status = ''] = key.split('\0');
      lines.push(`bootforge_http_requests_total{route="${route}",status="${status}"} ${count}`);
    }
    family('bootforge_http_response_bytes_total', 'counter', 'Response body bytes sent, by route.');
    for (const [route, count] of [...this.bytes].sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`bootforge_http_response_bytes_total{route="${route}"} ${count}`);
    }
    family('bootforge_http_requests_in_flight', 'gauge', 'Requests being answered now.');
    lines.push(`bootforge_http_requests_in_flight ${this.inFlight}`);
    const perHost = (
      name: string,
      help: string,
      type: 'counter' | 'gauge',
      values: Map<string, number>,
    ): void => {
      family(name, type, help);
      for (const [host, value] of [...values].sort(([a], [b]) => a.localeCompare(b))) {
        lines.push(`${name}{host="${escapeLabel(host)}"} ${value}`);
      }
    };
    perHost(
      'bootforge_host_first_fetch_timestamp_seconds',
      'Unix time a host first fetched one of its files.',
      'gauge',
      this.firstFetch,
    );
    perHost(
      'bootforge_host_last_fetch_timestamp_seconds',
      'Unix time a host last fetched one of its files.',
      'gauge',
      this.lastFetch,
    );
    perHost(
      'bootforge_host_fetches_total',
      'Files a host fetched successfully.',
      'counter',
      this.hostFetches,
    );
    family('bootforge_snapshot_generation', 'gauge', 'Loads of OUT so far (1 = the first).');
    lines.push(`bootforge_snapshot_generation ${snapshot.generation}`);
    family(
      'bootforge_snapshot_loaded_timestamp_seconds',
      'gauge',
      'Unix time the served snapshot was loaded.',
    );
    lines.push(`bootforge_snapshot_loaded_timestamp_seconds ${snapshot.loadedAtSeconds}`);
    family('bootforge_snapshot_files', 'gauge', 'Files in the served snapshot.');
    lines.push(`bootforge_snapshot_files ${snapshot.files}`);
    family('bootforge_snapshot_hosts', 'gauge', 'Hosts in the served snapshot.');
    lines.push(`bootforge_snapshot_hosts ${snapshot.hosts}`);
    family(
      'bootforge_reload_failures_total',
      'counter',
      'Reloads of OUT that failed (the old snapshot stayed).',
    );
    lines.push(`bootforge_reload_failures_total ${this.reloadFailures}`);
    return `${lines.join('\n')}\n`;
  }
}
