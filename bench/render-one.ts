/**
 * One size of the render benchmark, in its own process so that its peak memory is its own:
 * `node dist/bench/render-one.js NODES [WORKERS]` prints one JSON line. The PKI is issued before
 * the clock starts (ECDSA, TLS bootstrap: the shape of a large current cluster), so only
 * rendering and writing OUT (synth streaming into the OUT writer, then the swap) are timed.
 *
 * The baseline, measured in the same process right after: the time `gzip -6` takes, on one core,
 * to compress the bytes that run wrote (OUT read back as one tar stream from the page cache).
 *
 * With BENCH_RENDER_SCRATCH set (render.ts sets it), the run's directory is made there and left for
 * the caller to remove after every size: on ext4 without a journal, as on the development machine,
 * creating a file skips every inode freed in the last 30 s of its block group, so deleting one
 * size's OUT made the next size's file creation several times dearer in the kernel.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutWriter } from '../emit/out-writer.js';
import { loadOrIssuePki } from '../pki/store.js';
import { synth } from '../synth/synth.js';
import { syntheticPlan } from './synthetic-cluster.js';

export interface RenderSample {
  hosts: number;
  workers: number;
  files: number;
  bytes: number;
  /** synth into the OUT writer and the swap, ms. */
  renderMs: number;
  /** CPU time of the same span, every thread (main, host workers, libuv's pool): user + system, ms. */
  cpuMs: number;
  /** Of cpuMs, the kernel's share (creating and writing files), ms. */
  systemMs: number;
  /** `tar -c OUT | gzip -6` on one core, ms. */
  baselineMs: number;
  /** Peak resident set size of the process (every thread), in MiB. */
  peakRssMiB: number;
}

function gzipBaselineMs(out: string): number {
  const started = performance.now();
  const run = spawnSync('sh', ['-c', 'tar -cf - -C "$0" . | gzip -6 > /dev/null', out], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error('the gzip baseline failed (tar and gzip are needed)');
  return performance.now() - started;
}

async function sample(nodes: number, workers: number): Promise<RenderSample> {
  const plan = syntheticPlan({ nodes, keyAlgorithm: 'ecdsa', kubeletCredentials: 'bootstrap' });
  const scratch = process.env['BENCH_RENDER_SCRATCH'];
  const dir = await mkdtemp(join(scratch ?? tmpdir(), 'bootforge-bench-render-'));
  try {
    const { pki } = await loadOrIssuePki(plan, join(dir, 'pki'));
    const out = join(dir, 'out');
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const writer = await OutWriter.open(out);
    const { manifest } = await synth(plan, pki, { sink: writer, workers });
    await writer.commit();
    const renderMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;
    return {
      hosts: plan.hosts.length,
      workers,
      files: manifest.files.length + 1,
      bytes: manifest.files.reduce((n, f) => n + f.size, 0),
      renderMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      systemMs: cpu.system / 1000,
      baselineMs: gzipBaselineMs(out),
      peakRssMiB,
    };
  } finally {
    if (scratch === undefined) await rm(dir, { recursive: true, force: true });
  }
}

const nodes = Number(process.argv[2]);
const workers = process.argv[3] === undefined ? availableParallelism() : Number(process.argv[3]);
if (!Number.isInteger(nodes) || nodes < 1 || !Number.isInteger(workers) || workers < 1) {
  process.stderr.write('usage: node dist/bench/render-one.js NODES [WORKERS]\n');
  process.exitCode = 2;
} else {
  process.stdout.write(`${JSON.stringify(await sample(nodes, workers))}\n`);
}
