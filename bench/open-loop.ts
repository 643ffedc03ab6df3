/**
 * The open-loop boot storm: machines arrive at a fixed rate whatever the server's speed (as a rack
 * powering on does), and each walks the real chain over one keep-alive connection from its own
 * address (127.x: Linux routes 127/8 to lo, so the secret rule of both servers applies):
 * boot.ipxe, its per-MAC script, the kernel and the initrd from the assets directory, then its
 * config files (meta-data, network-config, vendor-data, and its secret user-data). Every step's
 * latency is the time to the last byte of the answer; an answer other than 200, a socket error or
 * no answer in 30 s is an error.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { StormHost } from './synthetic-out.js';

export const STEPS = [
  'boot.ipxe',
  'script',
  'kernel',
  'initrd',
  'meta-data',
  'network-config',
  'vendor-data',
  'user-data',
] as const;
export type Step = (typeof STEPS)[number];
export const ASSET_STEPS: readonly Step[] = ['kernel', 'initrd'];

export interface StepStats {
  count: number;
  errors: number;
  p50ms: number;
  p99ms: number;
  maxMs: number;
  bytes: number;
}

export interface StormResult {
  machines: number;
  seconds: number;
  /** Machines that walked the whole chain without an error. */
  completed: number;
  errors: number;
  errorDetail: Record<string, number>;
  bytes: number;
  steps: Record<Step, StepStats>;
  /** All small-file steps together. */
  small: StepStats;
  /** Largest resident set of the server's processes together, sampled every 200 ms. */
  peakRssBytes: number;
  /** Every step's latencies (ms) and errors, to combine runs exactly. */
  raw: { latencies: Record<Step, number[]>; errors: Record<Step, number>; bytes: Record<Step, number> };
}

const REQUEST_TIMEOUT_MS = 30_000;

function paths(host: StormHost): Record<Step, string> {
  return {
    'boot.ipxe': '/boot.ipxe',
    script: `/pxe/ipxe/${host.mac.replaceAll(':', '-')}.ipxe`,
    kernel: '/assets/storm/vmlinuz',
    initrd: '/assets/storm/initrd.img',
    'meta-data': `/hosts/${host.name}/meta-data`,
    'network-config': `/hosts/${host.name}/network-config`,
    'vendor-data': `/hosts/${host.name}/vendor-data`,
    'user-data': `/hosts/${host.name}/user-data`,
  };
}

function get(agent: Agent, port: number, path: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function stats(latencies: number[], errors: number, bytes: number): StepStats {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: sorted.length,
    errors,
    p50ms: percentile(sorted, 50),
    p99ms: percentile(sorted, 99),
    maxMs: sorted[sorted.length - 1] ?? 0,
    bytes,
  };
}

export interface StormOptions {
  port: number;
  hosts: readonly StormHost[];
  /** Machines arrive evenly over this many seconds. */
  seconds: number;
  /** Sum of the server's processes' RSS, in bytes. */
  rss(): number;
}

export async function runStorm(options: StormOptions): Promise<StormResult> {
  const latencies = Object.fromEntries(STEPS.map((s) => [s, [] as number[]])) as Record<Step, number[]>;
  const errorsBy = Object.fromEntries(STEPS.map((s) => [s, 0])) as Record<Step, number>;
  const bytesBy = Object.fromEntries(STEPS.map((s) => [s, 0])) as Record<Step, number>;
  const errorDetail: Record<string, number> = {};
  let completed = 0;
  let peakRssBytes = 0;
  const sampler = setInterval(() => {
    try {
      peakRssBytes = Math.max(peakRssBytes, options.rss());
    } catch {
      // A process that just exited.
    }
  }, 200);

  const machine = async (host: StormHost): Promise<void> => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1, localAddress: host.ip });
    const chain = paths(host);
    try {
      for (const step of STEPS) {
        const started = performance.now();
        try {
          const { status, bytes } = await get(agent, options.port, chain[step]);
          latencies[step].push(performance.now() - started);
          bytesBy[step] += bytes;
          if (status !== 200) {
            errorsBy[step] += 1;
            errorDetail[`${step} ${status}`] = (errorDetail[`${step} ${status}`] ?? 0) + 1;
            return;
          }
        } catch (error) {
          errorsBy[step] += 1;
          const reason =
            error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : 'error';
          errorDetail[`${step} ${reason}`] = (errorDetail[`${step} ${reason}`] ?? 0) + 1;
          return;
        }
      }
      completed += 1;
    } finally {
      agent.destroy();
    }
  };

  const started = performance.now();
  const interval = (options.seconds * 1000) / options.hosts.length;
  const running: Promise<void>[] = [];
  // Arrivals on a fixed schedule (not paced by answers): each machine starts at its own time.
  for (let i = 0; i < options.hosts.length; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const host = options.hosts[i];
    if (host !== undefined) running.push(machine(host));
  }
  await Promise.all(running);
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;

  return summarize(
    { latencies, errors: errorsBy, bytes: bytesBy },
    { machines: options.hosts.length, seconds, completed, errorDetail, peakRssBytes },
  );
}

function summarize(
  raw: StormResult['raw'],
  totals: Pick<StormResult, 'machines' | 'seconds' | 'completed' | 'errorDetail' | 'peakRssBytes'>,
): StormResult {
  const steps = Object.fromEntries(
    STEPS.map((s) => [s, stats(raw.latencies[s], raw.errors[s], raw.bytes[s])]),
  ) as Record<Step, StepStats>;
  const smallSteps = STEPS.filter((s) => !ASSET_STEPS.includes(s));
  const small = stats(
    smallSteps.flatMap((s) => raw.latencies[s]),
    smallSteps.reduce((a, s) => a + raw.errors[s], 0),
    smallSteps.reduce((a, s) => a + raw.bytes[s], 0),
  );
  return {
    ...totals,
    errors: STEPS.reduce((a, s) => a + raw.errors[s], 0),
    bytes: STEPS.reduce((a, s) => a + raw.bytes[s], 0),
    steps,
    small,
    raw,
  };
}

/** Several storms against one server (alternating rounds) as one, percentiles over all requests. */
export function combineStorms(rounds: readonly StormResult[]): StormResult {
  const sum = (pick: (r: StormResult) => number): number => rounds.reduce((a, r) => a + pick(r), 0);
  const errorDetail: Record<string, number> = {};
  for (const r of rounds)
    for (const [k, v] of Object.entries(r.errorDetail)) errorDetail[k] = (errorDetail[k] ?? 0) + v;
  const per = <T>(pick: (r: StormResult, s: Step) => T[] | T, join: (all: T[]) => unknown): unknown =>
    Object.fromEntries(STEPS.map((s) => [s, join(rounds.flatMap((r) => pick(r, s)))]));
  return summarize(
    {
      latencies: per(
        (r, s) => r.raw.latencies[s],
        (all) => all,
      ) as Record<Step, number[]>,
      errors: per(
        (r, s) => [r.raw.errors[s]],
        (all: number[]) => all.reduce((a, b) => a + b, 0),
      ) as Record<Step, number>,
      bytes: per(
        (r, s) => [r.raw.bytes[s]],
        (all: number[]) => all.reduce((a, b) => a + b, 0),
      ) as Record<Step, number>,
    },
    {
      machines: sum((r) => r.machines),
      seconds: sum((r) => r.seconds),
      completed: sum((r) => r.completed),
      errorDetail,
      peakRssBytes: Math.max(...rounds.map((r) => r.peakRssBytes)),
    },
  );
}
