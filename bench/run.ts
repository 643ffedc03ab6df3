/**
 * `npm run bench` (node dist/bench/run.js [NAME...]): runs every benchmark, or the named ones.
 * Adding one: export a Benchmark from bench/<name>.ts and list it in BENCHMARKS below.
 *
 * Key generation runs on libuv's thread pool, so UV_THREADPOOL_SIZE must be set before Node
 * starts it: when unset, this script re-runs itself with it set to the number of cores (at least
 * Node's default of 4).
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Benchmark } from './benchmark.js';
import { pkiBenchmark } from './pki.js';
import { renderBenchmark } from './render.js';

export const BENCHMARKS: readonly Benchmark[] = [pkiBenchmark, renderBenchmark];

async function main(names: string[]): Promise<number> {
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length > 0) {
    process.stderr.write(
      `unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}\n`,
    );
    return 2;
  }
  for (const bench of BENCHMARKS.filter((b) => names.length === 0 || names.includes(b.name))) {
    process.stdout.write(`== ${bench.name}: ${bench.description}\n`);
    await bench.run((line) => process.stdout.write(`${line}\n`));
    process.stdout.write('\n');
  }
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.env['UV_THREADPOOL_SIZE'] === undefined) {
    const size = String(Math.max(4, availableParallelism()));
    const child = spawnSync(process.execPath, process.argv.slice(1), {
      stdio: 'inherit',
      env: { ...process.env, UV_THREADPOOL_SIZE: size },
    });
    process.exitCode = child.status ?? 1;
  } else {
    process.exitCode = await main(process.argv.slice(2));
  }
}
