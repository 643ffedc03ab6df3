/**
 * One size of the render benchmark, in its own process so that its peak memory is its own:
 * `node dist/bench/render-one.js NODES` prints one JSON line. The PKI is issued before the clock
 * starts (ECDSA, TLS bootstrap: the shape of a large current cluster), so only rendering and
 * writing are timed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrIssuePki } from '../pki/store.js';
import { OutWriter } from '../emit/out-writer.js';
import { synth } from '../synth/synth.js';
import { syntheticPlan } from './synthetic-cluster.js';

export interface RenderSample {
  hosts: number;
  files: number;
  bytes: number;
  renderMs: number;
  writeMs: number;
  /** Peak resident set size of the process, in MiB. */
  peakRssMiB: number;
}

async function sample(nodes: number): Promise<RenderSample> {
  const plan = syntheticPlan({ nodes, keyAlgorithm: 'ecdsa', kubeletCredentials: 'bootstrap' });
  const dir = await mkdtemp(join(tmpdir(), 'bootforge-bench-render-'));
  try {
    const { pki } = await loadOrIssuePki(plan, join(dir, 'pki'));
    const started = performance.now();
    const writer = await OutWriter.open(join(dir, 'out'));
    const { manifest } = await synth(plan, pki, { sink: writer });
    const renderMs = performance.now() - started;
    const writeStarted = performance.now();
    await writer.commit();
    const writeMs = performance.now() - writeStarted;
    return {
      hosts: plan.hosts.length,
      files: manifest.files.length + 1,
      bytes: manifest.files.reduce((n, f) => n + f.size, 0),
      renderMs,
      writeMs,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const nodes = Number(process.argv[2]);
if (!Number.isInteger(nodes) || nodes < 1) {
  process.stderr.write('usage: node dist/bench/render-one.js NODES\n');
  process.exitCode = 2;
} else {
  process.stdout.write(`${JSON.stringify(await sample(nodes))}\n`);
}
