/**
 * Rendering speed and memory: the whole OUT (every default format) for 200, 2,000 and 5,000
 * nodes with an existing PKI, each size in a fresh process, one render worker per core. For each
 * size: time per host, peak RSS, and the ratio to a baseline measured in the same process: the
 * time `gzip -6` takes on one core to compress the bytes that run wrote (below 1.0x means bootforge
 * rendered, compressed and wrote OUT faster than one core merely gzips it). Linearity: ms/host at
 * each size over ms/host at the smallest. CPU ms/host: user + system time of every thread (main,
 * host workers, libuv's pool) over the same span, the figure to compare on a shared machine; sys:
 * its kernel share (creating and writing files). Sizes: BENCH_RENDER_SIZES=200,2000; threads:
 * BENCH_RENDER_WORKERS=2. Every size's OUT is removed only after the last size has run.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './benchmark.js';
import type { RenderSample } from './render-one.js';

const DEFAULT_SIZES = [200, 2000, 5000];

function sizes(): number[] {
  const env = process.env['BENCH_RENDER_SIZES'];
  return env ? env.split(',').map(Number) : DEFAULT_SIZES;
}

function measure(nodes: number, scratch: string): RenderSample {
  const script = fileURLToPath(new URL('./render-one.js', import.meta.url));
  const workers = process.env['BENCH_RENDER_WORKERS'];
  const out = execFileSync(process.execPath, [script, String(nodes), ...(workers ? [workers] : [])], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    env: { ...process.env, BENCH_RENDER_SCRATCH: scratch },
  });
  return JSON.parse(out) as RenderSample;
}

export const renderBenchmark: Benchmark = {
  name: 'render',
  description:
    'generate for 200-5,000 nodes with an existing PKI: ms/host, vs gzip -6 of the same bytes, linearity, peak RSS',
  async run(log) {
    log(
      'hosts  workers   files    MiB  ms/host  CPU ms/host  sys  gzip -6 ms/host  vs gzip -6  vs smallest  total s  peak RSS MiB',
    );
    const scratch = await mkdtemp(join(tmpdir(), 'bootforge-bench-render-'));
    let samples: RenderSample[];
    try {
      samples = sizes().map((n) => measure(n, scratch));
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
    const perHost = (s: RenderSample): number => s.renderMs / s.hosts;
    const first = samples[0];
    for (const s of samples) {
      log(
        [
          String(s.hosts).padStart(5),
          String(s.workers).padStart(8),
          String(s.files).padStart(7),
          (s.bytes / 2 ** 20).toFixed(0).padStart(6),
          perHost(s).toFixed(2).padStart(8),
          (s.cpuMs / s.hosts).toFixed(2).padStart(12),
          (s.systemMs / s.hosts).toFixed(2).padStart(4),
          (s.baselineMs / s.hosts).toFixed(2).padStart(16),
          `${(s.renderMs / s.baselineMs).toFixed(2)}x`.padStart(11),
          `${first ? (perHost(s) / perHost(first)).toFixed(2) : '1.00'}x`.padStart(12),
          (s.renderMs / 1000).toFixed(1).padStart(8),
          s.peakRssMiB.toFixed(0).padStart(13),
        ].join(' '),
      );
    }
  },
};
