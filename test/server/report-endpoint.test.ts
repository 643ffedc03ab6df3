/**
 * POST /report/<host> on a real server: the accepted answer and every refusal, the token never
 * in the log, the state kept across a reload and a restart.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBootServer, defaultStateDir, type BootServer } from '../../server/boot-server.js';
import { fetchRaw, type RequestOptions } from './http-client.js';
import { addReportTokens, tokenOf } from './lifecycle-fixture.js';
import { writeOut } from './out-fixture.js';

let dir: string;
let out: string;
let server: BootServer;
let port: number;
const lines: string[] = [];

async function start(): Promise<void> {
  server = await createBootServer({
    outDir: out,
    pollIntervalMs: 0,
    log: (line) => lines.push(line),
    reportRate: { burst: 5, intervalMs: 60_000 },
  });
  port = (await server.listen('127.0.0.1', 0)).port;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bootforge-report-'));
  out = join(dir, 'out');
  await writeOut(out, 'v1');
  await addReportTokens(out);
  await start();
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

function post(host: string, body: unknown, token: string | undefined, extra: RequestOptions = {}) {
  return fetchRaw(port, `/report/${host}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
      ...extra.headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...(extra.from === undefined ? {} : { from: extra.from }),
  });
}

describe('POST /report/<host>', () => {
  it('accepts a report with the host token: 202 with the state, on disk before the answer', async () => {
    const res = await post(
      'knode1',
      { phase: 'installing', message: '%pre', components: {} },
      tokenOf('knode1'),
    );
    expect(res.status).toBe(202);
    expect(res.headers['content-type']).toBe('application/json');
    const answer = JSON.parse(res.text) as Record<string, unknown>;
    expect(answer).toMatchObject({ host: 'knode1', phase: 'installing', bootLocal: false });
    const log = await readFile(join(defaultStateDir(out), 'lifecycle.jsonl'), 'utf8');
    expect(log).toContain('"host":"knode1"');
    expect(log).toContain('"phase":"installing"');
    // From any address: the token decides, not where it comes from.
    const other = await post('knode1', { phase: 'installing' }, tokenOf('knode1'), { from: '127.0.0.9' });
    expect(other.status).toBe(202);
  });

  it('401 without a token, with another scheme, or with a wrong one', async () => {
    const none = await post('knode2', { phase: 'installing' }, undefined);
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toContain('Bearer');
    const basic = await post('knode2', { phase: 'installing' }, undefined, {
      headers: { Authorization: `Basic ${tokenOf('knode2')}` },
    });
    expect(basic.status).toBe(401);
    const wrong = await post('knode2', { phase: 'installing' }, 'x'.repeat(43));
    expect(wrong.status).toBe(401);
    expect(wrong.text).toBe('wrong token for host knode2\n');
  });

  it("403 with another host's token", async () => {
    const res = await post('knode2', { phase: 'installed' }, tokenOf('knode3'));
    expect(res.status).toBe(403);
    expect(res.text).toBe("the token is another host's, not knode2's\n");
  });

  it('404 for a host the inventory does not have, even with a valid token', async () => {
    const res = await post('nosuch', { phase: 'installed' }, tokenOf('knode1'));
    expect(res.status).toBe(404);
    expect(res.text).toBe("no host named 'nosuch' in this inventory\n");
  });

  it('400 for a body that is not a report, and for an unknown phase', async () => {
    const token = tokenOf('knode3');
    const cases: [unknown, string][] = [
      ['not json', 'not JSON'],
      ['[1,2]', 'not a JSON object'],
      [{ message: 'x' }, 'no "phase"'],
      [
        { phase: 'done' },
        'unknown phase "done"; expected one of installing, installed, booted, ready, failed',
      ],
      [{ phase: 'ready', message: 3 }, '"message" must be a string'],
      [{ phase: 'ready', components: [] }, '"components" must be a JSON object'],
    ];
    for (const [body, reason] of cases) {
      const res = await post('knode3', body, token);
      expect([res.status, res.text], JSON.stringify(body)).toEqual([400, expect.stringContaining(reason)]);
    }
    const invalidUtf8 = await fetchRaw(port, '/report/knode3', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}` },
      body: Buffer.from([0x7b, 0xff, 0x7d]),
    });
    expect(invalidUtf8.status).toBe(400);
  });

  it('413 for a body over 8 KiB, declared or sent chunked', async () => {
    const big = JSON.stringify({ phase: 'failed', message: 'x'.repeat(9000) });
    const declared = await post('knode3', big, tokenOf('knode3'));
    expect(declared.status).toBe(413);
    const chunked = await fetchRaw(port, '/report/knode3', {
      method: 'POST',
      headers: { Authorization: `Bearer ${tokenOf('knode3')}`, 'Transfer-Encoding': 'chunked' },
      body: big,
    });
    expect(chunked.status).toBe(413);
    // Exactly 8 KiB is fine.
    const message = 'y'.repeat(8192 - JSON.stringify({ phase: 'failed', message: '' }).length);
    const edge = await post('knode3', { phase: 'failed', message }, tokenOf('knode3'));
    expect(edge.status).toBe(202);
  });

  it('405 for another method, with Allow: POST', async () => {
    const res = await fetchRaw(port, '/report/knode1');
    expect(res.status).toBe(405);
    expect(res.headers['allow']).toBe('POST');
  });

  it('429 past the per-host rate, with Retry-After; other hosts are not affected', async () => {
    const token = tokenOf('knode2');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await post('knode2', { phase: 'installing' }, token)).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429]);
    const limited = await post('knode2', { phase: 'installing' }, token);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await post('knode1', { phase: 'installed' }, tokenOf('knode1'))).status).toBe(202);
  });

  it('progress (install waits): kept off the event log, shown as the message, its own rate budget', async () => {
    const token = tokenOf('knode3');
    expect((await post('knode3', { phase: 'booted', message: 'up' }, token)).status).toBe(202);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await post('knode3', { progress: `waiting for etcd (attempt ${i + 1})` }, token)).status,
      );
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429]);
    const status = JSON.parse((await fetchRaw(port, '/status')).text) as {
      hosts: { name: string; phase: string; message: string; progress?: string }[];
    };
    expect(status.hosts.find((h) => h.name === 'knode3')).toMatchObject({
      phase: 'booted',
      message: 'waiting for etcd (attempt 5)',
      progress: 'waiting for etcd (attempt 5)',
    });
    const log = await readFile(join(defaultStateDir(out), 'lifecycle.jsonl'), 'utf8');
    expect(log).not.toContain('waiting for etcd');
    // The waits did not use up the phase reports' budget.
    expect((await post('knode3', { phase: 'ready', message: 'ready (node)' }, token)).status).toBe(202);
  });

  it('never writes a token to the log, whatever the answer', () => {
    const all = lines.join('');
    expect(all).toContain('"route":"report"');
    for (const host of ['knode1', 'knode2', 'knode3']) expect(all).not.toContain(tokenOf(host));
  });

  it('keeps every report across a reload and a restart', async () => {
    const before = JSON.parse((await fetchRaw(port, '/status')).text) as {
      hosts: { name: string; phase: string }[];
    };
    expect(before.hosts.find((h) => h.name === 'knode1')?.phase).toBe('installed');
    expect((await server.reload('test')).ok).toBe(true);
    const reloaded = JSON.parse((await fetchRaw(port, '/status')).text) as typeof before;
    expect(reloaded).toEqual(before);
    await server.close();
    await start();
    const restarted = JSON.parse((await fetchRaw(port, '/status')).text) as typeof before;
    expect(restarted).toEqual(before);
  });
});
