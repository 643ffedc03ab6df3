/**
 * /status, /ui and /ui/events: operator addresses only (loopback, --admin-allow), never a booting
 * host; the JSON contract; the page shows hosts by role with their phases and a failure's lines;
 * the event stream sends the new HTML of a host that reported; /metrics counts hosts per phase.
 */
import { request } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBootServer, type BootServer } from '../../server/boot-server.js';
import { fetchRaw } from './http-client.js';
import { addReportTokens, tokenOf } from './lifecycle-fixture.js';
import { writeOut } from './out-fixture.js';

let dir: string;
let server: BootServer;
let port: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bootforge-operator-'));
  await writeOut(join(dir, 'out'), 'v1');
  await addReportTokens(join(dir, 'out'));
  server = await createBootServer({
    outDir: join(dir, 'out'),
    pollIntervalMs: 0,
    adminAllow: ['127.0.0.0/28'],
  });
  port = (await server.listen('127.0.0.1', 0)).port;
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const report = (host: string, body: unknown) =>
  fetchRaw(port, `/report/${host}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${tokenOf(host)}` },
    body: JSON.stringify(body),
  });

interface Status {
  hosts: { name: string; roles: string[]; phase: string; since: string; message: string }[];
  summary: { text: string };
}

describe('operator pages', () => {
  it('answer loopback and --admin-allow networks, never an inventory host or another address', async () => {
    for (const path of ['/status', '/ui', '/ui/events']) {
      expect((await fetchRaw(port, path, { from: '127.0.0.11' })).status, path).toBe(403);
      expect((await fetchRaw(port, path, { from: '127.0.0.20' })).status, path).toBe(403);
    }
    const host = await fetchRaw(port, '/status', { from: '127.0.0.12' });
    expect(host.text).toContain('not served to booting hosts');
    expect((await fetchRaw(port, '/status', { from: '127.0.0.5' })).status).toBe(200);
    expect((await fetchRaw(port, '/ui', { from: '127.0.0.1' })).status).toBe(200);
  });

  it('GET /status: every host with name, roles, phase, since, message, and a summary', async () => {
    const status = JSON.parse((await fetchRaw(port, '/status')).text) as Status;
    expect(status.hosts.map((h) => [h.name, h.roles, h.phase, h.since, h.message])).toEqual([
      ['knode1', ['master', 'etcd'], 'pending', '', ''],
      ['knode2', ['node'], 'pending', '', ''],
      ['knode3', ['node'], 'pending', '', ''],
    ]);
    expect(status.summary.text).toBe('0/3 ready, 3 pending');
    expect((await report('knode1', { phase: 'ready', components: { etcd: 'healthy' } })).status).toBe(202);
    expect(
      (
        await report('knode2', {
          phase: 'failed',
          message: 'kubelet.service failed',
          components: { unit: 'kubelet.service', journal: ['line <1>', 'line 2'] },
        })
      ).status,
    ).toBe(202);
    const after = JSON.parse((await fetchRaw(port, '/status')).text) as Status;
    expect(after.hosts.map((h) => h.phase)).toEqual(['ready', 'failed', 'pending']);
    expect(after.hosts[1]?.message).toBe('kubelet.service failed');
    expect(Date.parse(after.hosts[0]?.since ?? '')).toBeGreaterThan(Date.now() - 60_000);
    expect(after.summary.text).toBe('1/3 ready, 1 failed, 1 pending');
  });

  it('GET /ui: a self-contained page with the hosts by role, their phases and the failure lines, escaped', async () => {
    const res = await fetchRaw(port, '/ui');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.text;
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
    expect(html).toContain('<h2>etcd, master <small>(1)</small></h2>');
    expect(html).toContain('<h2>node <small>(2)</small></h2>');
    expect(html.indexOf('etcd, master')).toBeLessThan(html.indexOf('<h2>node'));
    expect(html).toMatch(/<tbody id="host-knode2" data-phase="failed">/);
    expect(html).toContain('knode2 failed: kubelet.service failed');
    expect(html).toContain('<pre>line &lt;1&gt;\nline 2</pre>');
    expect(html).toContain('1/3 ready, 1 failed, 1 pending');
  });

  it('GET /ui/events: a report sends the host and the summary as they now look', async () => {
    const events = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/ui/events', agent: false }, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          if (text.includes('event: summary')) {
            req.destroy();
            resolve(text);
          }
        });
        void report('knode3', { phase: 'installing', message: 'anaconda %pre' });
      });
      req.on('error', reject);
      req.end();
    });
    const host = /event: host\ndata: (.*)\n/.exec(events)?.[1] ?? '{}';
    const data = JSON.parse(host) as { name: string; html: string };
    expect(data.name).toBe('knode3');
    expect(data.html).toContain('data-phase="installing"');
    expect(data.html).toContain('anaconda %pre');
    expect(events).toContain('1/3 ready');
  });

  it('/metrics counts the hosts per phase', async () => {
    const text = (await fetchRaw(port, '/metrics')).text;
    expect(text).toContain('bootforge_hosts{phase="ready"} 1');
    expect(text).toContain('bootforge_hosts{phase="failed"} 1');
    expect(text).toContain('bootforge_hosts{phase="installing"} 1');
    expect(text).toContain('bootforge_hosts{phase="pending"} 0');
    expect(text).toContain('bootforge_hosts_boot_local 1');
  });

  it('closes open event streams when the server shuts down', async () => {
    const ended = new Promise<number>((resolve) => {
      const started = Date.now();
      request({ host: '127.0.0.1', port, path: '/ui/events', agent: false }, (res) => {
        res.resume();
        res.on('end', () => resolve(Date.now() - started));
        void server.close();
      }).end();
    });
    expect(await ended).toBeLessThan(5000);
  });
});
