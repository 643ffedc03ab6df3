/**
 * The host's report script for real (POSIX sh: dash and bash --posix, with curl) against a local
 * HTTP server: it POSTs the right URL, bearer token and JSON body, escapes any message, keeps the
 * body small, retries what may succeed later (no answer, 5xx, 429) and not what never will (4xx),
 * takes bounded time when the server is down, never exits non-zero and never shows the token,
 * not even on curl's command line.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { InlineFile } from '../../host/host-config.js';
import { reportScriptPath } from '../../host/lifecycle.js';
import { buildHostConfig } from '../../profiles/build-host-config.js';
import { classicPlan, fakePki } from './fixtures.js';
import { hasTool } from './support.js';
import { osFamily } from '../../os/registry.js';

/** The report script where the example inventories' families (EL) keep it. */
const REPORT_SCRIPT_PATH = reportScriptPath(osFamily('centos7'));

const TOKEN = 'Zm9vYmFyYmF6cXV4MDEyMzQ1Njc4OWFiY2RlZmdoaWo';

interface Received {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

function script(): string {
  const plan = classicPlan();
  const config = buildHostConfig(plan, plan.hosts[1]!, fakePki(plan));
  return (config.files.find((f) => f.path === REPORT_SCRIPT_PATH) as InlineFile).content;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

const shells = [
  ['dash', ['dash']],
  ['bash --posix', ['bash', '--posix']],
] as const;

describe.runIf(hasTool('curl') && hasTool('dash') && hasTool('bash'))('report script', () => {
  let dir = '';
  let server: Server | undefined;
  let url = '';
  let received: Received[] = [];
  /** Status codes to answer with, in turn; 204 once they run out. */
  let answers: number[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'bf-report-'));
    writeFileSync(path.join(dir, 'token'), `${TOKEN}\n`, { mode: 0o600 });
    writeFileSync(path.join(dir, 'report'), script(), { mode: 0o755 });
    // curl on PATH records its arguments, then runs the real curl.
    writeFileSync(
      path.join(dir, 'curl'),
      `#!/bin/sh\nprintf '%s\\n' "$*" >>"${dir}/curl-argv"\nexec /usr/bin/curl "$@"\n`,
    );
    chmodSync(path.join(dir, 'curl'), 0o755);
    server = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({
          method: req.method ?? '',
          url: req.url ?? '',
          authorization: req.headers.authorization,
          contentType: req.headers['content-type'],
          body: Buffer.concat(chunks).toString('utf8'),
        });
        res.writeHead(answers.shift() ?? 204).end();
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/report/knode2`;
    writeFileSync(path.join(dir, 'report.env'), `BOOTFORGE_REPORT_URL=${url}\n`);
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    received = [];
    answers = [];
    writeFileSync(path.join(dir, 'curl-argv'), '');
  });

  function run(shell: readonly string[], args: string[], env: Record<string, string> = {}): Promise<Run> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const child = spawn(shell[0]!, [...shell.slice(1), path.join(dir, 'report'), ...args], {
        env: {
          PATH: `${dir}:/usr/bin:/bin`,
          BOOTFORGE_REPORT_ENV: path.join(dir, 'report.env'),
          BOOTFORGE_REPORT_TOKEN_FILE: path.join(dir, 'token'),
          BOOTFORGE_REPORT_PAUSE: '0',
          ...env,
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
    });
  }

  function expectNoTokenShown(r: Run): void {
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    expect(readFileSync(path.join(dir, 'curl-argv'), 'utf8')).not.toContain(TOKEN);
  }

  describe.each(shells)('under %s', (_name, shell) => {
    it('POSTs the phase, message and components with the bearer token', async () => {
      const components = '{"etcd.service":"active","etcd":"healthy"}';
      const r = await run(shell, ['ready', 'ready (etcd)', components]);
      expect(r.code).toBe(0);
      expect(received).toHaveLength(1);
      const [got] = received;
      expect(got).toMatchObject({
        method: 'POST',
        url: '/report/knode2',
        authorization: `Bearer ${TOKEN}`,
        contentType: 'application/json',
      });
      expect(JSON.parse(got!.body)).toEqual({
        phase: 'ready',
        message: 'ready (etcd)',
        components: { 'etcd.service': 'active', etcd: 'healthy' },
      });
      expect(r.stderr).toContain('ready reported');
      expectNoTokenShown(r);
    });

    it('escapes any message into valid JSON: quotes, backslashes, tabs, newlines, control bytes', async () => {
      const message = 'kubelet.service failed:\n"quoted" \\path\\ \ttab \x01ctl\nlast line';
      const r = await run(shell, ['failed', message]);
      expect(r.code).toBe(0);
      const body = JSON.parse(received[0]!.body) as { phase: string; message: string; components?: unknown };
      expect(body).toEqual({
        phase: 'failed',
        message: 'kubelet.service failed:\n"quoted" \\path\\ \ttab  ctl\nlast line',
      });
    });

    it('keeps the body under 8 KiB however long the message', async () => {
      const long = Array.from({ length: 400 }, (_, i) => `line ${i} "with" \\ quotes`).join('\n');
      await run(shell, ['failed', long]);
      const body = received[0]!.body;
      expect(Buffer.byteLength(body)).toBeLessThan(8192);
      const message = (JSON.parse(body) as { message: string }).message;
      expect(message.startsWith('line 0 "with" \\ quotes\nline 1')).toBe(true);
      expect(message.endsWith('...')).toBe(true);
    });

    it('retries an unreachable or overloaded server, then gives up with exit 0', async () => {
      answers = [503, 429];
      const r = await run(shell, ['installed', 'kickstart %post done']);
      expect(r.code).toBe(0);
      expect(received.map((x) => JSON.parse(x.body) as { phase: string }).map((b) => b.phase)).toEqual([
        'installed',
        'installed',
        'installed',
      ]);
      answers = [500, 500, 500, 500];
      const gaveUp = await run(shell, ['installed', 'again']);
      expect(gaveUp.code).toBe(0);
      expect(received).toHaveLength(6);
      expect(gaveUp.stderr).toContain('not delivered');
      expectNoTokenShown(gaveUp);
    });

    it('does not retry a refusal (401, 403, 404, 400)', async () => {
      for (const status of [401, 403, 404, 400]) {
        received = [];
        answers = [status];
        const r = await run(shell, ['booted', 'x']);
        expect(r.code).toBe(0);
        expect(received).toHaveLength(1);
        expect(r.stderr).toContain(`refused by ${url} (${status})`);
      }
    });

    it('--until-delivered keeps trying, backing off, until the server takes it', async () => {
      answers = [503, 503, 503, 503, 503];
      const r = await run(shell, ['--until-delivered', 'booted', 'booted kernel x'], {
        BOOTFORGE_REPORT_ATTEMPTS: '1',
      });
      expect(r.code).toBe(0);
      expect(received).toHaveLength(6);
      expect(r.stderr).toContain('booted reported');
      answers = [503, 502, 503];
      received = [];
      const slow = await run(shell, ['--until-delivered', 'booted', 'x'], {
        BOOTFORGE_REPORT_PAUSE: '1',
        BOOTFORGE_REPORT_MAX_PAUSE: '2',
      });
      expect(received).toHaveLength(4);
      expect(slow.stderr.match(/retrying in \d+s/g)).toEqual([
        'retrying in 1s',
        'retrying in 2s',
        'retrying in 2s',
      ]);
    });

    it('exits 0 quickly when the server is down, with nothing listening', async () => {
      const r = await run(shell, ['installing', 'kickstart %pre'], {
        BOOTFORGE_REPORT_URL: 'http://127.0.0.1:9/report/knode2',
        BOOTFORGE_REPORT_MAX_TIME: '2',
      });
      expect(r.code).toBe(0);
      expect(r.ms).toBeLessThan(10_000);
      expect(r.stderr).toContain(
        'not delivered to http://127.0.0.1:9/report/knode2 after 3 attempts (last answer: 000)',
      );
      expectNoTokenShown(r);
    });

    it('bounds one attempt by BOOTFORGE_REPORT_MAX_TIME against a server that never answers', async () => {
      const silent = createServer(() => undefined);
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      try {
        const port = (silent.address() as AddressInfo).port;
        const r = await run(shell, ['installing', 'x'], {
          BOOTFORGE_REPORT_URL: `http://127.0.0.1:${port}/report/knode2`,
          BOOTFORGE_REPORT_MAX_TIME: '1',
          BOOTFORGE_REPORT_ATTEMPTS: '2',
        });
        expect(r.code).toBe(0);
        expect(r.ms).toBeLessThan(6_000);
        expect(r.stderr).toContain('after 2 attempts (last answer: 000)');
      } finally {
        silent.closeAllConnections();
        await new Promise<void>((resolve) => silent.close(() => resolve()));
      }
    });

    it('sends nothing, and exits 0, without a token, a URL, a phase it knows or its arguments', async () => {
      const cases: [string[], Record<string, string>, string][] = [
        [['booted', 'x'], { BOOTFORGE_REPORT_TOKEN_FILE: path.join(dir, 'missing') }, 'no usable token'],
        [['booted', 'x'], { BOOTFORGE_REPORT_ENV: path.join(dir, 'missing') }, 'no report URL'],
        [['rebooted', 'x'], {}, "unknown phase 'rebooted'"],
        [['booted'], {}, 'usage: report'],
      ];
      for (const [args, env, message] of cases) {
        const r = await run(shell, args, env);
        expect(r.code, message).toBe(0);
        expect(r.stderr, message).toContain(message);
      }
      expect(received).toEqual([]);
    });
  });
});
