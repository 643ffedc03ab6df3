/**
 * Harness for the crash-safety tests: a child process issues the PKI and is SIGKILLed at random
 * moments during issuance; after every kill the state directory must hold no half-written key, no
 * CA certificate without its key and no second CA key; a final run completes it into a PKI where
 * every certificate verifies against its CA and matches its key. The child runs the compiled code
 * in dist/ (built by `npm test`; rebuilt here when stale).
 */
import { execFileSync, spawn } from 'node:child_process';
import { createPrivateKey, X509Certificate, createPublicKey } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import { classicPlan, REPO_ROOT, tempDir, type PlanEdits } from './fixtures.js';
import { verify } from './openssl.js';

const STORE_JS = join(REPO_ROOT, 'dist/pki/store.js');

function newestSource(dir: string): number {
  return Math.max(
    ...readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => statSync(join(dir, f)).mtimeMs),
  );
}

function ensureBuilt(): void {
  if (existsSync(STORE_JS) && statSync(STORE_JS).mtimeMs >= newestSource(join(REPO_ROOT, 'pki'))) return;
  // tsc emits even when files outside pki/ have type errors; only the emitted pki/ output matters here.
  try {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: REPO_ROOT, stdio: 'ignore' });
  } catch {
    // reported below if the file is still missing
  }
  if (!existsSync(STORE_JS)) throw new Error(`${STORE_JS} missing: run npm run build`);
}

interface ChildResult {
  killed: boolean;
  code: number | null;
  stderr: string;
  /** ms from the child's "start" line (issuance begins) to its exit. */
  issuingMs: number;
}

/** Run the issuing child; with killAfterMs, SIGKILL it that long after issuance started. */
function runChild(script: string, stateDir: string, killAfterMs?: number): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, stateDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let startedAt = 0;
    let timer: NodeJS.Timeout | undefined;
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      if (startedAt === 0 && d.toString().includes('start')) {
        startedAt = Date.now();
        if (killAfterMs !== undefined) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({
        killed: signal === 'SIGKILL',
        code,
        stderr,
        issuingMs: startedAt === 0 ? 0 : Date.now() - startedAt,
      });
    });
  });
}

function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) =>
    statSync(join(dir, f)).isFile(),
  );
}

const CAS = ['ca', 'etcd/ca', 'front-proxy-ca'];

/**
 * The invariants that must hold at every instant. Records the CA keys and report tokens present
 * in `firstCaKeys` (by path), so that a later call sees any replacement.
 */
export function checkConsistent(dir: string, firstCaKeys: Map<string, string>): void {
  if (!existsSync(dir)) return;
  const files = walk(dir);
  for (const f of files.filter((f) => f.endsWith('.key'))) {
    // A key file is complete: it parses.
    expect(() => createPrivateKey(readFileSync(join(dir, f), 'utf8')), f).not.toThrow();
  }
  for (const ca of CAS) {
    const keyFile = join(dir, `${ca}.key`);
    const certFile = join(dir, `${ca}.crt`);
    if (existsSync(certFile)) expect(existsSync(keyFile), `${ca}.crt without its key`).toBe(true);
    if (!existsSync(keyFile)) continue;
    const key = readFileSync(keyFile, 'utf8');
    // Never a second CA: once a CA key exists, it stays the same bytes.
    const first = firstCaKeys.get(ca);
    if (first === undefined) firstCaKeys.set(ca, key);
    else expect(key, `${ca}.key replaced`).toBe(first);
  }
  for (const f of files.filter((f) => f.startsWith('report-tokens/') && !f.includes('bootforge-tmp'))) {
    // A report token is complete (43 base64url characters and its newline) and, once written,
    // never changes (nothing is rotated here).
    const token = readFileSync(join(dir, f), 'utf8');
    expect(token, `${f} is not a whole token`).toMatch(/^[A-Za-z0-9_-]{43}\n$/);
    const first = firstCaKeys.get(f);
    if (first === undefined) firstCaKeys.set(f, token);
    else expect(token, `${f} replaced`).toBe(first);
  }
  for (const f of files.filter((f) => f.endsWith('.crt'))) {
    const keyFile = join(dir, f.replace(/\.crt$/, '.key'));
    expect(existsSync(keyFile), `${f} without its key`).toBe(true);
    const cert = new X509Certificate(readFileSync(join(dir, f), 'utf8'));
    expect(
      cert.publicKey.equals(createPublicKey(readFileSync(keyFile, 'utf8'))),
      `${f} does not match its key`,
    ).toBe(true);
  }
}

/** The leaf certificates' CA, by the state-directory layout. */
function caOf(leaf: string): string {
  if (leaf.startsWith('etcd/') || leaf.startsWith('apiserver-etcd-client')) return 'etcd/ca';
  if (leaf.startsWith('front-proxy-client')) return 'front-proxy-ca';
  return 'ca';
}

/**
 * Issue the PKI for the classic plan with `edits`, killing the child `kills` times at random
 * moments inside the issuance window, then complete it and check the result.
 */
export async function killAndRecover(edits: PlanEdits, kills: number): Promise<void> {
  ensureBuilt();
  const work = tempDir('bootforge-kill-');
  const stateDir = join(work, 'pki');
  const planFile = join(work, 'plan.json');
  writeFileSync(planFile, JSON.stringify(classicPlan(edits)));
  const script = join(work, 'issue.mjs');
  writeFileSync(
    script,
    [
      `import { readFileSync } from 'node:fs';`,
      `import { loadOrIssuePki } from ${JSON.stringify(pathToFileURL(STORE_JS).href)};`,
      `const plan = JSON.parse(readFileSync(${JSON.stringify(planFile)}, 'utf8'));`,
      `process.stdout.write('start\\n');`,
      `await loadOrIssuePki(plan, process.argv[2]);`,
    ].join('\n'),
  );

  // How long issuance takes here, to spread the kills over it.
  const scratch = await runChild(script, join(work, 'scratch'));
  expect(scratch.code, scratch.stderr).toBe(0);
  const window = scratch.issuingMs;

  const firstCaKeys = new Map<string, string>();
  const delays: number[] = [];
  let killed = 0;
  for (let i = 0; i < kills; i++) {
    const delay = Math.round(Math.random() * window);
    delays.push(delay);
    const result = await runChild(script, stateDir, delay);
    if (result.killed) killed++;
    else expect(result.code, result.stderr).toBe(0);
    checkConsistent(stateDir, firstCaKeys);
  }
  console.info(
    `kills at ${delays.join(', ')} ms into a ${window} ms issuance; ${killed} landed before it finished`,
  );

  const final = await runChild(script, stateDir);
  expect(final.code, final.stderr).toBe(0);
  checkConsistent(stateDir, firstCaKeys);
  const files = walk(stateDir);
  expect(files.filter((f) => f.includes('bootforge-tmp') || f === '.lock')).toEqual([]);
  const reference = walk(join(work, 'scratch')).sort();
  expect(files.sort()).toEqual(reference);
  for (const leaf of files.filter((f) => f.endsWith('.crt') && !CAS.includes(f.replace(/\.crt$/, '')))) {
    expect(verify(join(stateDir, `${caOf(leaf)}.crt`), join(stateDir, leaf)).ok, leaf).toBe(true);
  }
}
