/**
 * The lifecycle state survives kill -9 of a real `bootforge serve` process (the compiled CLI):
 * reports are sent concurrently from three hosts, serve is killed with SIGKILL while they are in
 * flight, and every report it acknowledged (202) is in the state a new serve starts from. A
 * SIGHUP reload before that loses nothing either.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLog } from '../../server/lifecycle/event-log.js';
import { addReportTokens, tokenOf } from '../server/lifecycle-fixture.js';
import { FIXTURE_HOSTS, writeOut } from '../server/out-fixture.js';

const repo = path.resolve(import.meta.dirname, '../..');
let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'bootforge-serve-kill-'));
  await writeOut(path.join(dir, 'out'), 'v1');
  await addReportTokens(path.join(dir, 'out'));
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

async function startServe(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [path.join(repo, 'bin/bootforge.js'), 'serve', 'out', '--listen', '127.0.0.1:0', '--poll', '0'],
    { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  children.push(child);
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const match = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(stderr);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  return { child, url };
}

const PHASES = ['installing', 'installed', 'booted', 'ready'] as const;

describe('serve killed with SIGKILL', () => {
  it('keeps every acknowledged report; SIGHUP and a restart lose nothing', async () => {
    const first = await startServe();
    const acked: string[] = [];
    let inFlight = 0;
    let killAt = Infinity;
    let inFlightAtKill = 0;
    const send = async (host: string, i: number): Promise<void> => {
      const message = `${host} report ${i}`;
      inFlight += 1;
      try {
        const res = await fetch(`${first.url}/report/${host}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${tokenOf(host)}` },
          body: JSON.stringify({ phase: PHASES[i % PHASES.length], message }),
        });
        if (res.status === 202) acked.push(message);
        else expect(res.status).toBe(202);
        if (acked.length === killAt) {
          inFlightAtKill = inFlight - 1;
          first.child.kill('SIGKILL');
        }
      } catch {
        // killed while in flight: not acknowledged, may or may not be in the state
      } finally {
        inFlight -= 1;
      }
    };
    // A first round, then SIGHUP: the reload keeps the state.
    await Promise.all(FIXTURE_HOSTS.map((h) => send(h.name, 0)));
    const before = await (await fetch(`${first.url}/status`)).text();
    first.child.kill('SIGHUP');
    await new Promise((r) => setTimeout(r, 300));
    expect(await (await fetch(`${first.url}/status`)).text()).toBe(before);

    // Then many in flight at once, killed in the middle.
    killAt = acked.length + 20;
    await Promise.all(
      FIXTURE_HOSTS.flatMap((h) => Array.from({ length: 18 }, (_, i) => send(h.name, i + 1))),
    );
    await new Promise((r) =>
      first.child.exitCode !== null || first.child.signalCode !== null
        ? r(undefined)
        : first.child.once('exit', r),
    );
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(inFlightAtKill).toBeGreaterThan(0);
    expect(acked.length).toBeGreaterThanOrEqual(killAt);

    const logged = new Set(
      (await readLog(path.join(dir, 'out.state'))).events.flatMap((e) =>
        e.type === 'report' ? [e.message] : [],
      ),
    );
    expect(acked.filter((m) => !logged.has(m))).toEqual([]);

    // A new serve takes over the dead one's writer lock and starts from the same state.
    const second = await startServe();
    const status = (await (await fetch(`${second.url}/status`)).json()) as {
      hosts: { name: string; message: string }[];
    };
    for (const host of status.hosts) expect(logged.has(host.message), host.name).toBe(true);
    second.child.kill('SIGTERM');
  }, 60_000);
});
