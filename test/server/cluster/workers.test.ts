/**
 * `bootforge serve --workers 2` as real processes. To know which worker answers, the test stops
 * one worker (SIGSTOP): the other then accepts every new connection on the shared socket. So each
 * check asks worker A, then worker B, and the shared state must hold across them.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchRaw } from '../http-client.js';
import { swapOut, writeOut } from '../out-fixture.js';
import { builtCli, startServe, type ServeProcess } from '../serve-process.js';

let dir: string;
let out: string;
let serve: ServeProcess;
let workers: number[];

/** The primary's worker processes (not the short-lived accept helpers). */
function workerPids(primary: number): number[] {
  const children = readdirSync(`/proc/${primary}/task`).flatMap((task) =>
    readFileSync(`/proc/${primary}/task/${task}/children`, 'utf8').trim().split(/\s+/).filter(Boolean),
  );
  return children
    .map(Number)
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('worker-main');
      } catch {
        return false;
      }
    })
    .sort((a, b) => a - b);
}

/** Runs `ask` while only worker `pid` can accept connections. */
async function onlyWorker<T>(pid: number, ask: () => Promise<T>): Promise<T> {
  const others = workers.filter((w) => w !== pid);
  for (const other of others) process.kill(other, 'SIGSTOP');
  try {
    return await ask();
  } finally {
    for (const other of others) process.kill(other, 'SIGCONT');
  }
}

/**
 * A keep-alive connection to worker `pid` (opened while it is the only one accepting): requests
 * on it are answered by that worker even while the others run, as a gather needs them all.
 */
async function connectionTo(pid: number): Promise<(path: string, method?: string) => Promise<string>> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const get = (path: string, method = 'GET'): Promise<string> =>
    new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: serve.port, path, method, agent }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end();
    });
  await onlyWorker(pid, () => get('/healthz'));
  agents.push(agent);
  return get;
}
const agents: Agent[] = [];

const ready = builtCli();

beforeAll(async () => {
  if (!ready) return;
  dir = await mkdtemp(join(tmpdir(), 'bootforge-workers-'));
  out = join(dir, 'out');
  await writeOut(out, 'v1');
  serve = await startServe([
    out,
    '--listen',
    '127.0.0.1:0',
    '--workers',
    '2',
    '--one-shot',
    '--poll',
    '0',
    '--access-log',
    join(dir, 'access.log'),
  ]);
  for (let i = 0; i < 100 && (workers = workerPids(serve.child.pid ?? 0)).length < 2; i++)
    await new Promise((r) => setTimeout(r, 20));
});

afterAll(async () => {
  if (!ready) return;
  for (const agent of agents) agent.destroy();
  expect(await serve.stop()).toBe(0);
  await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!ready)('serve --workers 2', () => {
  it('starts two workers on one port and says so', () => {
    expect(workers).toHaveLength(2);
    expect(serve.stderr()).toContain('2 workers');
  });

  it('serves a one-shot secret once across workers, and a re-arm reaches every worker', async () => {
    const [a = 0, b = 0] = workers;
    const get = (): Promise<number> =>
      fetchRaw(serve.port, '/hosts/knode2/user-data', { from: '127.0.0.12' }).then((r) => r.status);
    expect(await onlyWorker(a, get)).toBe(200);
    expect(await onlyWorker(b, get)).toBe(403);
    expect(await onlyWorker(a, get)).toBe(403);
    // Re-armed through worker B (from the machine itself), served again by worker A, once.
    const rearm = await onlyWorker(b, () =>
      fetchRaw(serve.port, '/_bootforge/rearm/knode2', { method: 'POST' }),
    );
    expect(rearm.text).toContain('re-armed 1');
    expect(await onlyWorker(a, get)).toBe(200);
    expect(await onlyWorker(b, get)).toBe(403);
  });

  it('hands a secret to exactly one of many simultaneous requests', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 24 }, () =>
        fetchRaw(serve.port, '/hosts/knode3/user-data', { from: '127.0.0.13' }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 403)).toHaveLength(23);
  });

  it('reloads every worker on SIGHUP to the same generation, and re-arms', async () => {
    const [a = 0, b = 0] = workers;
    await swapOut(out, 'v2');
    process.kill(serve.child.pid ?? 0, 'SIGHUP');
    const health = (pid: number): Promise<string> =>
      onlyWorker(pid, () => fetchRaw(serve.port, '/healthz')).then((r) => r.text);
    for (let i = 0; i < 200 && !(await health(a)).includes('generation 2'); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(await health(a)).toBe('ok generation 2\n');
    expect(await health(b)).toBe('ok generation 2\n');
    for (const pid of [a, b]) {
      const file = await onlyWorker(pid, () => fetchRaw(serve.port, '/hosts/knode1/meta-data'));
      expect(file.text).toContain('v2');
    }
    // SIGHUP re-armed knode2's secret (served in the first test): one more time, then 403.
    const secret = await onlyWorker(b, () =>
      fetchRaw(serve.port, '/hosts/knode2/user-data', { from: '127.0.0.12' }),
    );
    expect(secret.status).toBe(200);
    expect(secret.text).toContain('v2');
  });

  it('reloads every worker through the admin endpoint on either worker', async () => {
    const [a = 0, b = 0] = workers;
    await swapOut(out, 'v3');
    const toB = await connectionTo(b);
    expect(await toB('/_bootforge/reload', 'POST')).toContain('generation 3');
    for (const pid of [a, b]) {
      const file = await onlyWorker(pid, () => fetchRaw(serve.port, '/hosts/knode1/meta-data'));
      expect(file.text).toContain('v3');
    }
  });

  it('sums the metrics of every worker, whichever one answers /metrics', async () => {
    const [a = 0, b = 0] = workers;
    const count = (text: string): number =>
      Number(/bootforge_http_requests_total\{route="boot",status="200"\} (\d+)/.exec(text)?.[1] ?? 0);
    const [toA, toB] = [await connectionTo(a), await connectionTo(b)];
    const before = count(await toA('/metrics'));
    expect(count(await toB('/metrics'))).toBe(before);
    await onlyWorker(a, async () => {
      for (let i = 0; i < 3; i++) await fetchRaw(serve.port, '/boot.ipxe');
    });
    await onlyWorker(b, async () => {
      for (let i = 0; i < 2; i++) await fetchRaw(serve.port, '/boot.ipxe');
    });
    expect(count(await toA('/metrics'))).toBe(before + 5);
    expect(count(await toB('/metrics'))).toBe(before + 5);
  });

  it('writes one access log from every worker, one JSON object per line', async () => {
    const lines = (await readFile(join(dir, 'access.log'), 'utf8')).trim().split('\n');
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(lines.some((l) => l.includes('"event":"reload"'))).toBe(true);
    expect(lines.filter((l) => l.includes('/hosts/knode3/user-data')).length).toBe(24);
  });
});
