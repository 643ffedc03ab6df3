/**
 * Boot-storm benchmark (`npm run bench:serve`): `bootforge serve` (the built CLI, its own
 * processes, one worker per core by default, access log on) against nginx on the generated
 * pxe/nginx.conf (worker_processes auto, sendfile, access log on) serving the same OUT and the same
 * --assets directory, both running side by side, in the same run, alternating:
 *
 * 1. Closed loop (saturation throughput), wrk: small files (1,000 connections always busy on the
 *    boot scripts and NoCloud files any address may have) in several rounds, the order of the two
 *    servers swapped each round (the ratio is judged on its median: on a shared machine one round
 *    is the scheduler's), then one large asset (32 connections), in alternating rounds too.
 * 2. Open loop: machines arriving at a fixed rate, each walking the real chain from its own address
 *    (bench/open-loop.ts), in two halves per server (bootforge, nginx, bootforge, nginx). Per step
 *    p50/p99/max, bytes/s, errors and the servers' peak RSS.
 *
 * Then the ratios the issue set as goals: asset bytes/s, small-file requests/s, open-loop p99.
 *
 * Environment (defaults keep a run near 3 minutes): BENCH_SECONDS (closed-loop seconds per server
 * and round for small files, 5), BENCH_SMALL_ROUNDS (3), BENCH_CONNECTIONS (1000), BENCH_HOSTS
 * (1000), BENCH_THREADS (wrk threads, 2), BENCH_WORKERS (bootforge --workers; default one per core), BENCH_NGINX_WORKERS (auto),
 * BENCH_ASSET_MB (50), BENCH_ASSET_CONNECTIONS (32), BENCH_ASSET_SECONDS (6), BENCH_ASSET_ROUNDS (3), BENCH_MACHINES
 * (open-loop machines per server, 1000), BENCH_ARRIVAL_SECONDS (over how long they arrive, per
 * server, 60), BENCH_KERNEL_MB (4), BENCH_INITRD_MB (16).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { hasNginx, startNginx, type RunningNginx } from './nginx-process.js';
import { combineStorms, runStorm, STEPS, type StepStats, type StormResult } from './open-loop.js';
import { stormHosts, stormPaths, writeStormOut } from './synthetic-out.js';
import { runWrk, type WrkResult } from './wrk.js';

const env = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};

const SECONDS = env('BENCH_SECONDS', 5);
const SMALL_ROUNDS = env('BENCH_SMALL_ROUNDS', 3);
const CONNECTIONS = env('BENCH_CONNECTIONS', 1000);
const HOSTS = env('BENCH_HOSTS', 1000);
const THREADS = env('BENCH_THREADS', 2);
const CORES = availableParallelism();
const WORKERS = env('BENCH_WORKERS', CORES);
const NGINX_WORKERS =
  (process.env['BENCH_NGINX_WORKERS'] ?? 'auto') === 'auto' ? 'auto' : env('BENCH_NGINX_WORKERS', 1);
const ASSET_MB = env('BENCH_ASSET_MB', 50);
const ASSET_CONNECTIONS = env('BENCH_ASSET_CONNECTIONS', 32);
const ASSET_SECONDS = env('BENCH_ASSET_SECONDS', 6);
const ASSET_ROUNDS = env('BENCH_ASSET_ROUNDS', 3);
const MACHINES = env('BENCH_MACHINES', 1000);
const ARRIVAL_SECONDS = env('BENCH_ARRIVAL_SECONDS', 60);
const KERNEL_MB = env('BENCH_KERNEL_MB', 4);
const INITRD_MB = env('BENCH_INITRD_MB', 16);
const WARMUP_SECONDS = Math.min(2, SECONDS);
const MiB = 1 << 20;

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** A process and all its descendants. */
function processTree(pid: number): number[] {
  const all: number[] = [];
  const visit = (id: number): void => {
    all.push(id);
    try {
      for (const task of readdirSync(`/proc/${id}/task`))
        for (const child of readFileSync(`/proc/${id}/task/${task}/children`, 'utf8').trim().split(/\s+/))
          if (child !== '') visit(Number(child));
    } catch {
      // Gone meanwhile.
    }
  };
  visit(pid);
  return all;
}

/** Sums `read` over a process tree; a process gone meanwhile counts 0. */
function treeSum(pid: number, read: (id: number) => number): number {
  let total = 0;
  for (const id of processTree(pid)) {
    try {
      total += read(id);
    } catch {
      // Gone meanwhile.
    }
  }
  return total;
}

/** RSS of a process and all its descendants, in bytes. */
function treeRss(pid: number): number {
  return treeSum(
    pid,
    (id) => Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${id}/status`, 'utf8'))?.[1] ?? 0) * 1024,
  );
}

/** CPU (user + system) a process tree has used so far, in seconds (clock ticks of 1/100 s). */
function treeCpuSeconds(pid: number): number {
  return treeSum(pid, (id) => {
    const fields = readFileSync(`/proc/${id}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
  });
}

async function startBootforge(out: string, assets: string, port: number, log: string): Promise<ChildProcess> {
  const bin = join(repoRoot, 'bin', 'bootforge.js');
  const args = [bin, 'serve', out, '--listen', `127.0.0.1:${port}`, '--access-log', log, '--assets', assets];
  const child = spawn(process.execPath, [...args, '--workers', String(WORKERS)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  for (let i = 0; i < 3000 && !stderr.includes(`:${port}/`); i++) {
    if (child.exitCode !== null) throw new Error(`bootforge serve exited: ${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  if (!stderr.includes(`:${port}/`)) throw new Error(`bootforge serve did not start: ${stderr}`);
  return child;
}

async function stopBootforge(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  child.kill('SIGTERM');
  return exited;
}

function nginxMasterPid(prefix: string): number {
  return Number(readFileSync(join(prefix, 'nginx.pid'), 'utf8').trim());
}

const num = (value: number, digits: number, width: number): string => value.toFixed(digits).padStart(width);

function wrkRow(name: string, r: WrkResult): string {
  return [
    name.padEnd(24),
    num(r.requestsPerSecond, 0, 10),
    num(r.p50ms, 2, 9),
    num(r.p99ms, 2, 9),
    num(r.maxMs, 1, 9),
    String(r.errors).padStart(7),
    num(r.bytes / r.seconds / 1e6, 1, 9),
  ].join(' ');
}

function stepCells(s: StepStats): string {
  return [num(s.p50ms, 2, 9), num(s.p99ms, 2, 9), num(s.maxMs, 1, 9), String(s.errors).padStart(6)].join('');
}

function goal(met: boolean): string {
  return met ? 'met' : 'MISSED';
}

async function main(): Promise<void> {
  if (!hasNginx()) throw new Error('nginx is required (Debian package nginx-light)');
  const began = performance.now();
  const scratch = await mkdtemp(join(tmpdir(), 'bootforge-bench-serve-'));
  await chmod(scratch, 0o755);
  try {
    const out = join(scratch, 'out');
    // Hosts on 127.1.x.y: each open-loop machine asks from its own inventory address.
    const hosts = stormHosts(Math.max(HOSTS, MACHINES), '127.1');
    const nginxPort = await freePort();
    await writeStormOut(out, hosts, nginxPort);
    const assets = join(scratch, 'assets');
    await mkdir(join(assets, 'storm'), { recursive: true });
    await writeFile(join(assets, 'storm', 'vmlinuz'), Buffer.alloc(KERNEL_MB * MiB, 0x4b));
    await writeFile(join(assets, 'storm', 'initrd.img'), Buffer.alloc(INITRD_MB * MiB, 0x49));
    await writeFile(join(assets, 'storm', 'big.img'), Buffer.alloc(ASSET_MB * MiB, 0x42));
    const paths = stormPaths(hosts.slice(0, HOSTS));
    const wrkOptions = { paths, connections: CONNECTIONS, threads: THREADS, scratch };
    const assetWrk = {
      paths: ['/assets/storm/big.img'],
      connections: ASSET_CONNECTIONS,
      threads: THREADS,
      scratch,
    };
    process.stdout.write(
      `bootforge serve --workers ${WORKERS} against nginx worker_processes ${NGINX_WORKERS} (${CORES} cores), same OUT and assets\n`,
    );

    const bootPort = await freePort();
    const boot = await startBootforge(out, assets, bootPort, join(scratch, 'bootforge-access.log'));
    const prefix = join(scratch, 'nginx');
    await mkdir(prefix);
    let nginx: RunningNginx | undefined;
    const runs = (): {
      small: WrkResult[];
      smallCpuUs: number[];
      asset: WrkResult[];
      storm: StormResult[];
    } => ({ small: [], smallCpuUs: [], asset: [], storm: [] });
    const ours = runs();
    const theirs = runs();
    try {
      nginx = await startNginx(
        {
          prefix,
          outDir: out,
          assetsDir: assets,
          include: join(out, 'pxe', 'nginx.conf'),
          workers: NGINX_WORKERS,
          accessLog: `${join(scratch, 'nginx-access.log')} combined buffer=64k`,
        },
        nginxPort,
      );
      const ourUrl = `http://127.0.0.1:${bootPort}`;
      const theirUrl = `http://127.0.0.1:${nginxPort}`;
      const servers = [
        { url: ourUrl, port: bootPort, into: ours, pid: () => boot.pid ?? 0 },
        { url: theirUrl, port: nginxPort, into: theirs, pid: () => nginxMasterPid(prefix) },
      ];

      process.stdout.write(
        `closed loop: small files, ${CONNECTIONS} connections, ${paths.length} paths, ${SMALL_ROUNDS} rounds of ${SECONDS} s per server, alternating (+${WARMUP_SECONDS} s warm-up)\n`,
      );
      for (const s of servers) await runWrk({ ...wrkOptions, url: s.url, seconds: WARMUP_SECONDS });
      for (let round = 0; round < SMALL_ROUNDS; round++)
        for (const s of round % 2 === 0 ? servers : [...servers].reverse()) {
          const cpuBefore = treeCpuSeconds(s.pid());
          const result = await runWrk({ ...wrkOptions, url: s.url, seconds: SECONDS });
          s.into.small.push(result);
          s.into.smallCpuUs.push(((treeCpuSeconds(s.pid()) - cpuBefore) * 1e6) / result.requests);
        }
      process.stdout.write(
        `closed loop: one ${ASSET_MB} MiB asset, ${ASSET_CONNECTIONS} connections, ${ASSET_ROUNDS} rounds of ${ASSET_SECONDS} s per server, alternating\n`,
      );
      for (let round = 0; round < ASSET_ROUNDS; round++)
        for (const s of round % 2 === 0 ? servers : [...servers].reverse())
          s.into.asset.push(await runWrk({ ...assetWrk, url: s.url, seconds: ASSET_SECONDS }));

      process.stdout.write(
        `open loop: ${MACHINES} machines over ${ARRIVAL_SECONDS} s per server (two alternating halves), ` +
          `chain boot.ipxe, script, kernel ${KERNEL_MB} MiB, initrd ${INITRD_MB} MiB, meta-data, network-config, vendor-data, user-data\n`,
      );
      const half = Math.ceil(MACHINES / 2);
      for (const slice of [hosts.slice(0, half), hosts.slice(half, MACHINES)]) {
        if (slice.length === 0) continue;
        for (const s of servers) {
          s.into.storm.push(
            await runStorm({
              port: s.port,
              hosts: slice,
              seconds: (ARRIVAL_SECONDS * slice.length) / MACHINES,
              rss: () => treeRss(s.pid()),
            }),
          );
        }
      }
    } finally {
      await nginx?.stop();
      const code = await stopBootforge(boot);
      if (code !== 0) process.stdout.write(`warning: bootforge serve exited ${code} on SIGTERM\n`);
    }

    // The small-file round with the median ratio stands for the phase; min and max are printed.
    const rounds = ours.small
      .flatMap((our, i) => {
        const their = theirs.small[i];
        return their ? [{ our, their, ratio: our.requestsPerSecond / their.requestsPerSecond }] : [];
      })
      .sort((a, b) => a.ratio - b.ratio);
    const median = rounds[Math.floor(rounds.length / 2)];
    // Likewise the asset round with the median bytes/s ratio (one round alone swung 0.5-0.9x).
    const bytesPerSecond = (r: WrkResult): number => r.bytes / r.seconds;
    const assetRounds = ours.asset
      .flatMap((our, i) => {
        const their = theirs.asset[i];
        return their ? [{ our, their, ratio: bytesPerSecond(our) / bytesPerSecond(their) }] : [];
      })
      .sort((a, b) => a.ratio - b.ratio);
    const assetMedian = assetRounds[Math.floor(assetRounds.length / 2)];
    if (!median || !assetMedian) throw new Error('a closed-loop run is missing');
    const { our: ourAsset, their: theirAsset } = assetMedian;
    const assetErrors = ours.asset.reduce((sum, r) => sum + r.errors, 0);
    const { our: ourSmall, their: theirSmall } = median;
    const ourStorm = combineStorms(ours.storm);
    const theirStorm = combineStorms(theirs.storm);
    const header = `${''.padEnd(24)} ${'req/s'.padStart(10)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)} ${'max ms'.padStart(9)} ${'errors'.padStart(7)} ${'MB/s'.padStart(9)}`;
    const stepHeader = `${'step'.padEnd(16)}${'bootforge'.padStart(12)}${''.padStart(21)}${'nginx'.padStart(12)}\n${''.padEnd(16)}${['p50', 'p99', 'max', 'err'].map((h, i) => h.padStart(i === 3 ? 6 : 9)).join('')}${['p50', 'p99', 'max', 'err'].map((h, i) => h.padStart(i === 3 ? 6 : 9)).join('')}`;
    const stormLine = (name: string, r: StormResult): string =>
      `${name.padEnd(10)} ${r.completed}/${r.machines} machines completed, ${r.errors} errors, ` +
      `${(r.bytes / r.seconds / 1e6).toFixed(1)} MB/s, peak RSS ${(r.peakRssBytes / MiB).toFixed(0)} MiB` +
      `${r.errors > 0 ? ` ${JSON.stringify(r.errorDetail)}` : ''}`;

    const assetRatio = assetMedian.ratio;
    const assetSpread = assetRounds.map((r) => `${r.ratio.toFixed(2)}x`).join(' ');
    const smallRatio = median.ratio;
    const smallSpread = rounds.map((r) => `${r.ratio.toFixed(2)}x`).join(' ');
    // Server CPU per request (user + system of all its processes): what the servers cost, whatever
    // share of the cores the scheduler gave each (a shared machine moves req/s, not this much).
    const cpuRatios = ours.smallCpuUs
      .map((our, i) => (theirs.smallCpuUs[i] ?? 0) / our)
      .sort((a, b) => a - b);
    const cpuMedian = (list: readonly number[]): number =>
      [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] ?? 0;
    const p99 = ourStorm.small.p99ms;
    const nginxP99 = theirStorm.small.p99ms;
    process.stdout.write(
      [
        '',
        header,
        wrkRow('small files* bootforge', ourSmall),
        wrkRow('small files* nginx', theirSmall),
        wrkRow(`asset ${ASSET_MB} MiB** bootforge`, ourAsset),
        wrkRow(`asset ${ASSET_MB} MiB** nginx`, theirAsset),
        '* the small-file round with the median ratio; ** the asset round with the median ratio',
        '',
        stepHeader,
        ...STEPS.map(
          (s) => `${s.padEnd(16)}${stepCells(ourStorm.steps[s])}${stepCells(theirStorm.steps[s])}`,
        ),
        `${'small files'.padEnd(16)}${stepCells(ourStorm.small)}${stepCells(theirStorm.small)}`,
        stormLine('bootforge', ourStorm),
        stormLine('nginx', theirStorm),
        '',
        'ratios bootforge / nginx (same run):',
        `  assets bytes/s (closed loop):       ${assetRatio.toFixed(2)}x  goal >= 0.8x with 0 errors: ${goal(assetRatio >= 0.8 && assetErrors === 0)} (median of ${assetRounds.length} rounds: ${assetSpread}; bootforge errors in all rounds: ${assetErrors})`,
        `  small files req/s (closed loop):    ${smallRatio.toFixed(2)}x  goal >= 1.0x: ${goal(smallRatio >= 1)} (median of ${rounds.length} rounds: ${smallSpread})`,
        `  small files server CPU per request: ${cpuMedian(ours.smallCpuUs).toFixed(1)} us vs ${cpuMedian(theirs.smallCpuUs).toFixed(1)} us, nginx/bootforge ${cpuMedian(cpuRatios).toFixed(2)}x (median of ${cpuRatios.length} rounds; not a goal)`,
        `  open-loop small-file p99:           ${p99.toFixed(2)} ms vs ${nginxP99.toFixed(2)} ms (${(p99 / nginxP99).toFixed(2)}x)  ` +
          `goal < 50 ms where nginx < 10 ms: ${nginxP99 < 10 ? goal(p99 < 50) : 'not judged (nginx p99 >= 10 ms: lower the arrival rate)'}`,
        `  open-loop errors:                   bootforge ${ourStorm.errors}, nginx ${theirStorm.errors}`,
        '',
        `bench:serve took ${((performance.now() - began) / 1000).toFixed(0)} s`,
        '',
      ].join('\n'),
    );
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:serve failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
