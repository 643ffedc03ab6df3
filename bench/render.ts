/**
 * Rendering speed and memory: the whole OUT (every default format) for clusters of 10, 100, 1,000
 * and 5,000 nodes with an existing PKI, each size in a fresh process. Prints time per host
 * (render and write) and peak memory, and the per-host cost relative to the 100-host run (the
 * baseline, measured in the same run; the 10-host run still pays for the JIT warming up): a ratio
 * near 1.0 at every larger size means the cost grows linearly with the number of hosts.
 * Sizes can be chosen with BENCH_RENDER_SIZES=10,100.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './benchmark.js';
import type { RenderSample } from './render-one.js';

const DEFAULT_SIZES = [10, 100, 1000, 5000];

function sizes(): number[] {
  const env = process.env['BENCH_RENDER_SIZES'];
  return env ? env.split(',').map(Number) : DEFAULT_SIZES;
}

function measure(nodes: number): RenderSample {
  const script = fileURLToPath(new URL('./render-one.js', import.meta.url));
  const out = execFileSync(process.execPath, ['--max-old-space-size=16384', script, String(nodes)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out) as RenderSample;
}

export const renderBenchmark: Benchmark = {
  name: 'render',
  description: 'generate for 10-5,000 nodes with an existing PKI: time per host, peak memory, linearity',
  async run(log) {
    log(
      'hosts   files      MiB  render ms/host  write ms/host  total s  peak RSS MiB  per-host cost vs 100 hosts',
    );
    const samples = sizes().map(measure);
    const perHost = (s: RenderSample): number => (s.renderMs + s.writeMs) / s.hosts;
    const reference = samples.find((s) => s.hosts >= 100) ?? samples[0];
    const baseline = reference ? perHost(reference) : 1;
    for (const s of samples) {
      log(
        [
          String(s.hosts).padStart(5),
          String(s.files).padStart(7),
          (s.bytes / 2 ** 20).toFixed(0).padStart(8),
          (s.renderMs / s.hosts).toFixed(2).padStart(15),
          (s.writeMs / s.hosts).toFixed(2).padStart(14),
          ((s.renderMs + s.writeMs) / 1000).toFixed(1).padStart(8),
          s.peakRssMiB.toFixed(0).padStart(13),
          `${(perHost(s) / baseline).toFixed(2)}x`.padStart(27),
        ].join('  '),
      );
    }
    await Promise.resolve();
  },
};
