/**
 * The real bootforge CLI as the e2e tests use it: `generate` run to completion, and `serve` run as a
 * child process on a free loopback port, with its JSON access log collected line by line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { bootforgeBin, repoRoot } from './paths.js';
import { runProcess, type ProcessResult } from './run-process.js';

export function runBootforge(args: readonly string[], timeoutMs = 120_000): Promise<ProcessResult> {
  return runProcess(process.execPath, [bootforgeBin, ...args], { cwd: repoRoot, timeoutMs });
}

export async function generate(inventory: string, out: string, pki: string): Promise<void> {
  const result = await runBootforge(['generate', inventory, '-o', out, '--pki', pki]);
  if (result.code !== 0) {
    throw new Error(`bootforge generate exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  }
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolvePromise(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/** One line of serve's access log (server/access-log.ts); only the fields the tests read. */
export interface AccessLine {
  remote: string;
  method: string;
  path: string;
  host?: string;
  status: number;
  bytes: number;
  reason?: string;
}

function isAccessLine(value: unknown): value is AccessLine {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.path === 'string' && typeof record.status === 'number' && typeof record.method === 'string'
  );
}

export interface RunningServe {
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  /** Access-log lines seen so far, in order. */
  accessLog(): AccessLine[];
  /** Everything serve printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface ServeOptions {
  out: string;
  port: number;
  assets?: string;
  extraArgs?: readonly string[];
}

export async function startServe(options: ServeOptions): Promise<RunningServe> {
  const args = [bootforgeBin, 'serve', options.out, '--listen', `127.0.0.1:${options.port}`];
  if (options.assets !== undefined) args.push('--assets', options.assets);
  args.push(...(options.extraArgs ?? []));
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const lines: AccessLine[] = [];
  let partial = '';
  const take = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    output += text;
    partial += text;
    const complete = partial.split('\n');
    partial = complete.pop() ?? '';
    for (const line of complete) {
      if (!line.startsWith('{')) continue;
      try {
        const parsed: unknown = JSON.parse(line);
        if (isAccessLine(parsed)) lines.push(parsed);
      } catch {
        // a human-readable line that happens to start with a brace
      }
    }
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  const exited = new Promise<void>((resolvePromise) => child.once('exit', () => resolvePromise()));
  const url = `http://127.0.0.1:${options.port}`;

  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bootforge serve exited ${child.exitCode}:\n${output}`);
    try {
      await fetch(`${url}/`, { signal: AbortSignal.timeout(1000) });
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGTERM');
        throw new Error(`bootforge serve did not listen on ${url} within 20 s:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return {
    port: options.port,
    url,
    accessLog: () => [...lines],
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
