/**
 * Boot-storm benchmark (`npm run bench:serve`): 1,000 concurrent clients fetch their own boot
 * scripts and configs from `bootforge serve` (the built CLI, its own process, access log on) and
 * then from nginx (the generated pxe/nginx.conf, access log on) serving the same OUT, in the same
 * run, with wrk. Reports requests/s, p99 latency and errors for each, and the throughput ratio.
 *
 * The storm fetches what any address may have (the per-MAC iPXE script, boot.ipxe, NoCloud
 * meta-data, network-config, vendor-data): wrk runs from 127.0.0.1 and cannot be a thousand hosts'
 * own addresses, so secret files stay behind their allow rules on both servers; both servers
 * run with the secret rules on.
 *
 * Both servers run side by side and the storm alternates between them in rounds of about 10 s
 * (after a short warm-up of each), so other load on the machine falls on both alike. Requests/s
 * is over all rounds; p50/p99/max are the worst round's.
 *
 * Environment: BENCH_SECONDS (default 30), BENCH_CONNECTIONS (1000), BENCH_HOSTS (1000),
 * BENCH_THREADS (wrk threads, 2), BENCH_NGINX_WORKERS (1: one process against one process;
 * 'auto' for one per core).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasNginx, startNginx, type RunningNginx } from './nginx-process.js';
import { stormHosts, stormPaths, writeStormOut } from './synthetic-out.js';
import { runWrk, type WrkResult } from './wrk.js';

const env = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};

const SECONDS = env('BENCH_SECONDS', 30);
const CONNECTIONS = env('BENCH_CONNECTIONS', 1000);
const HOSTS = env('BENCH_HOSTS', 1000);
const THREADS = env('BENCH_THREADS', 2);
const NGINX_WORKERS = process.env['BENCH_NGINX_WORKERS'] === 'auto' ? 'auto' : env('BENCH_NGINX_WORKERS', 1);
const WARMUP_SECONDS = Math.min(3, SECONDS);
/** Length of one round; the storm alternates servers round by round. */
const ROUND_SECONDS = 10;

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

async function startBootforge(out: string, port: number, log: string): Promise<ChildProcess> {
  const bin = join(repoRoot, 'bin', 'bootforge.js');
  const child = spawn(
    process.execPath,
    [bin, 'serve', out, '--listen', `127.0.0.1:${port}`, '--access-log', log],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  for (let i = 0; i < 1000 && !stderr.includes(`:${port}/`); i++) {
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

/** Rounds added up: requests and bytes summed, latency percentiles the worst round's. */
function combine(rounds: readonly WrkResult[]): WrkResult {
  const sum = (pick: (r: WrkResult) => number): number => rounds.reduce((a, r) => a + pick(r), 0);
  const max = (pick: (r: WrkResult) => number): number => Math.max(...rounds.map(pick));
  const errorDetail: Record<string, number> = {};
  for (const r of rounds)
    for (const [k, v] of Object.entries(r.errorDetail)) errorDetail[k] = (errorDetail[k] ?? 0) + v;
  const seconds = sum((r) => r.seconds);
  return {
    requests: sum((r) => r.requests),
    seconds,
    requestsPerSecond: sum((r) => r.requests) / seconds,
    bytes: sum((r) => r.bytes),
    p50ms: max((r) => r.p50ms),
    p99ms: max((r) => r.p99ms),
    maxMs: max((r) => r.maxMs),
    errors: sum((r) => r.errors),
    errorDetail,
  };
}

function row(name: string, r: WrkResult): string {
  return [
    name.padEnd(16),
    r.requestsPerSecond.toFixed(0).padStart(10),
    r.p50ms.toFixed(2).padStart(9),
    r.p99ms.toFixed(2).padStart(9),
    r.maxMs.toFixed(1).padStart(9),
    String(r.errors).padStart(8),
    (r.bytes / r.seconds / 1e6).toFixed(1).padStart(8),
  ].join(' ');
}

async function main(): Promise<void> {
  if (!hasNginx()) throw new Error('nginx is required (Debian package nginx-light)');
  const scratch = await mkdtemp(join(tmpdir(), 'bootforge-bench-serve-'));
  await chmod(scratch, 0o755);
  try {
    const out = join(scratch, 'out');
    const hosts = stormHosts(HOSTS);
    const nginxPort = await freePort();
    await writeStormOut(out, hosts, nginxPort);
    const paths = stormPaths(hosts);
    const wrkOptions = { paths, connections: CONNECTIONS, threads: THREADS, scratch };
    process.stdout.write(
      `boot storm: ${CONNECTIONS} connections, ${HOSTS} hosts, ${paths.length} distinct paths, ${SECONDS} s each ` +
        `(+${WARMUP_SECONDS} s warm-up), wrk -t${THREADS}, nginx worker_processes ${NGINX_WORKERS}\n`,
    );

    // Both servers run side by side; the storm alternates between them in rounds so that noise
    // from anything else on the machine falls on both alike.
    const bootPort = await freePort();
    const boot = await startBootforge(out, bootPort, join(scratch, 'bootforge-access.log'));
    const prefix = join(scratch, 'nginx');
    await mkdir(prefix);
    let nginx: RunningNginx | undefined;
    const ourRounds: WrkResult[] = [];
    const theirRounds: WrkResult[] = [];
    try {
      nginx = await startNginx(
        {
          prefix,
          outDir: out,
          assetsDir: scratch,
          include: join(out, 'pxe', 'nginx.conf'),
          workers: NGINX_WORKERS,
          accessLog: `${join(scratch, 'nginx-access.log')} combined buffer=64k`,
        },
        nginxPort,
      );
      const ourUrl = `http://127.0.0.1:${bootPort}`;
      const theirUrl = `http://127.0.0.1:${nginxPort}`;
      await runWrk({ ...wrkOptions, url: ourUrl, seconds: WARMUP_SECONDS });
      await runWrk({ ...wrkOptions, url: theirUrl, seconds: WARMUP_SECONDS });
      const rounds = Math.max(1, Math.round(SECONDS / ROUND_SECONDS));
      for (let round = 0; round < rounds; round++) {
        const seconds = SECONDS / rounds;
        ourRounds.push(await runWrk({ ...wrkOptions, url: ourUrl, seconds }));
        theirRounds.push(await runWrk({ ...wrkOptions, url: theirUrl, seconds }));
      }
    } finally {
      await nginx?.stop();
      const code = await stopBootforge(boot);
      if (code !== 0) process.stdout.write(`warning: bootforge serve exited ${code} on SIGTERM\n`);
    }
    const ours = combine(ourRounds);
    const theirs = combine(theirRounds);

    const ratio = ours.requestsPerSecond / theirs.requestsPerSecond;
    process.stdout.write(
      [
        '',
        `${'server'.padEnd(16)} ${'req/s'.padStart(10)} ${'p50 ms'.padStart(9)} ${'p99 ms'.padStart(9)} ${'max ms'.padStart(9)} ${'errors'.padStart(8)} ${'MB/s'.padStart(8)}`,
        row('bootforge serve', ours),
        row('nginx', theirs),
        '',
        `throughput ratio bootforge/nginx: ${ratio.toFixed(2)}x`,
        `errors: bootforge ${JSON.stringify(ours.errorDetail)}, nginx ${JSON.stringify(theirs.errorDetail)}`,
        '',
        `target zero errors:        ${ours.errors === 0 ? 'met' : 'MISSED'}`,
        `target p99 < 50 ms:        ${ours.p99ms < 50 ? 'met' : 'MISSED'} (${ours.p99ms.toFixed(2)} ms)`,
        `target >= 0.5x nginx:      ${ratio >= 0.5 ? 'met' : 'MISSED'} (${ratio.toFixed(2)}x)`,
        '',
        // Little's law for a closed loop: every connection always has one request out.
        `note: with ${CONNECTIONS} connections always busy, mean latency = connections / throughput; ` +
          `p99 < 50 ms needs well over ${Math.round(CONNECTIONS / 0.05)} req/s on this machine`,
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
