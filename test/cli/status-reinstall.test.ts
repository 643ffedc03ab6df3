/**
 * `bootforge status URL|OUT` and `bootforge reinstall OUT HOST`, in process: from a running serve
 * and from OUT on disk; reinstall through a running serve (its inbox) and without one.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStatus } from '../../cli/commands/status.js';
import { main } from '../../cli/main.js';
import { captureTerminal } from '../../cli/terminal.js';
import { createBootServer, type BootServer } from '../../server/boot-server.js';
import { readLog } from '../../server/lifecycle/event-log.js';
import { fetchRaw } from '../server/http-client.js';
import { addReportTokens, tokenOf } from '../server/lifecycle-fixture.js';
import { writeOut } from '../server/out-fixture.js';

let dir: string;
let server: BootServer | undefined;
let port: number;

const report = (host: string, body: unknown) =>
  fetchRaw(port, `/report/${host}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tokenOf(host)}` },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bootforge-cli-status-'));
  await writeOut(join(dir, 'out'), 'v1');
  await addReportTokens(join(dir, 'out'));
  server = await createBootServer({ outDir: join(dir, 'out'), pollIntervalMs: 0 });
  port = (await server.listen('127.0.0.1', 0)).port;
  expect((await report('knode1', { phase: 'ready', message: 'all up' })).status).toBe(202);
  expect(
    (
      await report('knode2', {
        phase: 'failed',
        message: 'kubelet.service failed',
        components: {
          unit: 'kubelet.service',
          journal: ['kubelet[1]: error: no CNI', 'kubelet[1]: exiting'],
        },
      })
    ).status,
  ).toBe(202);
  expect((await report('knode3', { phase: 'installing', message: '%pre' })).status).toBe(202);
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const term = captureTerminal({ cwd: dir });
  const code = await main(args, term);
  return { code, out: term.stdout, err: term.stderr };
}

const TIME = /\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ/;

describe('bootforge status', () => {
  it('from a running serve: hosts grouped by role, one line each, the failure lines, the summary', async () => {
    const { code, out } = await run(['status', `http://127.0.0.1:${port}`]);
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines[0]).toBe('etcd, master (1)');
    expect(lines[1]).toMatch(new RegExp(`^  knode1  master,etcd  ready       ${TIME.source}  all up$`));
    expect(lines[2]).toBe('node (2)');
    expect(lines[3]).toMatch(/^ {2}knode2 {2}node {9}failed {6}.*kubelet\.service failed$/);
    expect(lines.slice(4, 8)).toEqual([
      '      unit: kubelet.service',
      '      journal:',
      '        kubelet[1]: error: no CNI',
      '        kubelet[1]: exiting',
    ]);
    expect(lines[8]).toMatch(/^ {2}knode3 {2}node {9}installing {2}.*%pre$/);
    expect(lines[9]).toBe('1/3 ready, 1 failed, 1 installing');
  });

  it('from OUT on disk says the same, and --json is the /status document', async () => {
    const fromUrl = await run(['status', `http://127.0.0.1:${port}/`]);
    const fromOut = await run(['status', 'out']);
    expect(fromOut).toEqual(fromUrl);
    const json = await run(['status', 'out', '--json']);
    const served = JSON.parse((await fetchRaw(port, '/status')).text) as unknown;
    expect(JSON.parse(json.out)).toEqual(served);
  });

  it('--watch prints again when something changes, until stopped', async () => {
    const term = captureTerminal({ cwd: dir });
    const stop = new AbortController();
    const running = runStatus(
      [`http://127.0.0.1:${port}`, '--watch', '--interval', '0.05'],
      term,
      stop.signal,
    );
    await new Promise((r) => setTimeout(r, 150));
    const first = term.stdout;
    expect(first).toContain('1/3 ready, 1 failed, 1 installing');
    await new Promise((r) => setTimeout(r, 150));
    expect(term.stdout).toBe(first);
    expect((await report('knode3', { phase: 'installed' })).status).toBe(202);
    for (let i = 0; i < 40 && !term.stdout.includes('1 installed'); i++)
      await new Promise((r) => setTimeout(r, 50));
    stop.abort();
    expect(await running).toBe(0);
    expect(term.stdout.slice(first.length)).toContain('\n1/3 ready, 1 failed, 1 installed');
  });

  it('exit 1 when the server cannot be reached or refuses, 2 for what is not an OUT', async () => {
    const refused = await run(['status', 'http://127.0.0.1:1']);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('cannot reach http://127.0.0.1:1/status');
    const notOut = await run(['status', 'nowhere']);
    expect(notOut.code).toBe(2);
    expect(notOut.err).toContain('is not a generated OUT');
    expect((await run(['status'])).code).toBe(2);
  });
});

describe('bootforge reinstall', () => {
  it('re-arms through the running serve: the next script is the installer again', async () => {
    expect((await fetchRaw(port, '/pxe/ipxe/52-54-00-00-00-11.ipxe')).text).toContain('sanboot');
    const { code, out } = await run(['reinstall', 'out', 'knode1']);
    expect(code).toBe(0);
    expect(out).toMatch(
      /^re-armed knode1 for installation \(was ready since .*\); applied by serve pid \d+\n$/,
    );
    expect((await fetchRaw(port, '/pxe/ipxe/52-54-00-00-00-11.ipxe')).text).toContain('vmlinuz');
  });

  it('refuses a host OUT does not have (exit 2), naming the hosts', async () => {
    const { code, err } = await run(['reinstall', 'out', 'nosuch']);
    expect(code).toBe(2);
    expect(err).toContain("no host named 'nosuch' in out");
    expect(err).toContain('hosts: knode1, knode2, knode3');
  });

  it('without a serve, appends the reinstall itself; the next serve starts with it', async () => {
    expect((await report('knode1', { phase: 'installed' })).status).toBe(202);
    await server?.close();
    server = undefined;
    const { code, out } = await run(['reinstall', 'out', 'knode1']);
    expect(code).toBe(0);
    expect(out).toContain('no serve is running');
    const events = (await readLog(join(dir, 'out.state'))).events;
    expect(events[events.length - 1]).toMatchObject({ type: 'reinstall', host: 'knode1', by: 'cli' });
    server = await createBootServer({ outDir: join(dir, 'out'), pollIntervalMs: 0 });
    port = (await server.listen('127.0.0.1', 0)).port;
    expect((await fetchRaw(port, '/pxe/ipxe/52-54-00-00-00-11.ipxe')).text).toContain('vmlinuz');
    expect((await run(['status', 'out'])).out).toMatch(/knode1 .* pending/);
  });
});
