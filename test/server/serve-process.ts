/**
 * The built CLI's `bootforge serve` as a child process, for the tests that need real processes
 * (memory, --workers, signals): started, its port read from what it prints, stopped with SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
export const BIN = resolve(root, 'bin/bootforge.js');

/** False when dist/ is not built; with CI=true that is an error, not a skip. */
export function builtCli(): boolean {
  if (existsSync(resolve(root, 'dist/cli/main.js'))) return true;
  if (process.env['CI'] === 'true') throw new Error('dist/ missing: npm test builds it first');
  return false;
}

export interface ServeProcess {
  child: ChildProcess;
  port: number;
  stderr(): string;
  stdout(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export async function startServe(args: readonly string[]): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const deadline = Date.now() + 60_000;
  while (!/ serving /.test(stderr)) {
    if (child.exitCode !== null) throw new Error(`bootforge serve exited ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`bootforge serve did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const port = Number(/:(\d+)\/ serving/.exec(stderr)?.[1]);
  return {
    child,
    port,
    stderr: () => stderr,
    stdout: () => stdout,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Resident set size of a process, in bytes (Linux /proc). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  if (!Number.isFinite(kb)) throw new Error(`no VmRSS for ${pid}`);
  return kb * 1024;
}
