/**
 * PKI issuance speed. Issues the whole PKI (static kubelet certificates) for 10, 100 and 1,000
 * nodes into fresh state directories, with RSA-2048 and with ECDSA P-256 keys, and compares the
 * RSA key rate with the baseline of `openssl genrsa 2048` run serially (one process after the
 * other, as a shell script would), measured in the same run before and after the RSA runs.
 * Sizes can be chosen with BENCH_PKI_SIZES=10,100.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KeyAlgorithm } from '../inventory/model.js';
import { generateKey } from '../pki/key-pair.js';
import { loadOrIssuePki } from '../pki/store.js';
import type { Benchmark } from './benchmark.js';
import { syntheticPlan } from './synthetic-cluster.js';

const OPENSSL_SAMPLES = 20;
const INTERLEAVED_ROUNDS = 5;

function genrsa(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', ['genrsa', '2048'], { stdio: ['ignore', 'ignore', 'ignore'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`openssl genrsa exited ${code}`))));
  });
}

/** Keys per second of `openssl genrsa 2048`, one process after the other. */
async function opensslSerialRate(samples: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < samples; i++) await genrsa();
  return samples / ((performance.now() - started) / 1000);
}

interface IssueResult {
  nodes: number;
  algorithm: KeyAlgorithm;
  keys: number;
  certificates: number;
  seconds: number;
}

async function issue(nodes: number, algorithm: KeyAlgorithm): Promise<IssueResult> {
  const plan = syntheticPlan({ nodes, keyAlgorithm: algorithm });
  const dir = await mkdtemp(join(tmpdir(), 'bootforge-bench-pki-'));
  try {
    const started = performance.now();
    const { report } = await loadOrIssuePki(plan, join(dir, 'pki'));
    const seconds = (performance.now() - started) / 1000;
    return { nodes, algorithm, keys: report.keysGenerated, certificates: report.certificatesIssued, seconds };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Ratio of Node's parallel RSA key rate to serial openssl, measured in alternating short rounds so
 * that both sides see the same machine load; the median round is reported.
 */
async function interleavedRatios(rounds: number): Promise<number[]> {
  const ratios: number[] = [];
  const batch = 8 * availableParallelism();
  for (let i = 0; i < rounds; i++) {
    const openssl = await opensslSerialRate(batch / 2);
    ratios.push((await keygenRate(batch, 'rsa')) / openssl);
  }
  return ratios.sort((a, b) => a - b);
}

/** Key generation alone (no certificates, no files), all in flight at once. */
async function keygenRate(count: number, algorithm: KeyAlgorithm): Promise<number> {
  const started = performance.now();
  await Promise.all(Array.from({ length: count }, () => generateKey(algorithm)));
  return count / ((performance.now() - started) / 1000);
}

function sizes(): number[] {
  const raw = process.env['BENCH_PKI_SIZES'];
  return raw
    ? raw
        .split(',')
        .map((s) => Number.parseInt(s, 10))
        .filter((n) => n > 0)
    : [10, 100, 1000];
}

const f1 = (n: number): string => n.toFixed(1);

export const pkiBenchmark: Benchmark = {
  name: 'pki',
  description: 'issue the PKI for 10/100/1000 nodes; RSA key rate vs serial openssl genrsa 2048',
  async run(log) {
    log(
      `cores: ${availableParallelism()}, UV_THREADPOOL_SIZE=${process.env['UV_THREADPOOL_SIZE'] ?? '(default 4)'}, ` +
        `load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')} (other work on the machine lowers the parallel gain)`,
    );
    const before = await opensslSerialRate(OPENSSL_SAMPLES);
    log(`baseline: openssl genrsa 2048, ${OPENSSL_SAMPLES} runs serially: ${f1(before)} keys/s`);

    const rsa: IssueResult[] = [];
    for (const nodes of sizes()) rsa.push(await issue(nodes, 'rsa'));
    const rsaKeygen = await keygenRate(40, 'rsa');

    const after = await opensslSerialRate(OPENSSL_SAMPLES);
    const baseline = (before + after) / 2;
    log(`baseline again after the RSA runs: ${f1(after)} keys/s; mean ${f1(baseline)} keys/s`);

    log('');
    log('RSA-2048, whole PKI (keys + certificates + atomic writes):');
    for (const r of rsa) {
      const rate = r.keys / r.seconds;
      log(
        `  ${String(r.nodes).padStart(5)} nodes: ${r.keys} keys, ${r.certificates} certificates in ${f1(r.seconds)} s` +
          ` = ${f1(rate)} keys/s, ${(rate / baseline).toFixed(2)}x serial openssl`,
      );
    }
    log(
      `  key generation alone (40 keys in parallel): ${f1(rsaKeygen)} keys/s, ${(rsaKeygen / baseline).toFixed(2)}x`,
    );
    const ratios = await interleavedRatios(INTERLEAVED_ROUNDS);
    const median = ratios[Math.floor(ratios.length / 2)]!;
    log(
      `  key generation vs openssl in ${INTERLEAVED_ROUNDS} alternating rounds (same load on both):` +
        ` median ${median.toFixed(2)}x, range ${ratios[0]!.toFixed(2)}-${ratios[ratios.length - 1]!.toFixed(2)}x`,
    );

    log('');
    log('ECDSA P-256, whole PKI (the service-account key stays RSA):');
    for (const nodes of sizes()) {
      const r = await issue(nodes, 'ecdsa');
      log(
        `  ${String(r.nodes).padStart(5)} nodes: ${r.keys} keys, ${r.certificates} certificates in ${f1(r.seconds)} s` +
          ` = ${f1(r.keys / r.seconds)} keys/s (${f1(r.certificates / r.seconds)} certificates/s)`,
      );
    }
    log(`  key generation alone (2000 keys in parallel): ${f1(await keygenRate(2000, 'ecdsa'))} keys/s`);
  },
};
