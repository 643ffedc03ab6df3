import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseListen, runServe, type SignalSource } from '../../cli/commands/serve.js';
import { main } from '../../cli/main.js';
import { captureTerminal } from '../../cli/terminal.js';
import { fetchRaw } from '../server/http-client.js';
import { swapOut, writeOut } from '../server/out-fixture.js';
import { portFrom } from './serve-port.js';

let dir: string;
let out: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bootforge-cli-serve-'));
  out = join(dir, 'out');
  await writeOut(out, 'v1');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parseListen', () => {
  it.each([
    ['0.0.0.0:8080', { host: '0.0.0.0', port: 8080 }],
    ['127.0.0.1:0', { host: '127.0.0.1', port: 0 }],
    ['[::1]:8080', { host: '::1', port: 8080 }],
    [':9000', { host: '0.0.0.0', port: 9000 }],
    ['9000', { host: '0.0.0.0', port: 9000 }],
  ])('reads %s', (text, expected) => {
    expect(parseListen(text)).toEqual(expected);
  });

  it.each(['host:80', '1.2.3.4:99999', '1.2.3.4', '1.2.3.4:', '::1:80'])('refuses %s', (text) => {
    expect(() => parseListen(text)).toThrow('--listen');
  });
});

describe('bootforge serve', () => {
  it('exits 2 on a bad flag, a missing OUT, or a directory that is not an OUT', async () => {
    const bad = captureTerminal({ cwd: dir });
    expect(await main(['serve', 'out', '--listen', 'nowhere'], bad)).toBe(2);
    expect(bad.stderr).toContain("--listen 'nowhere'");
    const missing = captureTerminal({ cwd: dir });
    expect(await main(['serve', 'no-such-dir', '--listen', '127.0.0.1:0'], missing)).toBe(2);
    expect(missing.stderr).toContain('not a directory');
    const notOut = captureTerminal({ cwd: dir });
    expect(await main(['serve', '.', '--listen', '127.0.0.1:0'], notOut)).toBe(2);
    expect(notOut.stderr).toContain('is not a servable OUT');
    expect(notOut.stderr).toContain('hint:');
    const half = captureTerminal({ cwd: dir });
    expect(await main(['serve', 'out', '--cert', 'x.pem'], half)).toBe(2);
    const badLog = captureTerminal({ cwd: dir });
    const args = ['serve', 'out', '--listen', '127.0.0.1:0', '--access-log', 'no-such-dir/access.log'];
    expect(await main(args, badLog)).toBe(2);
    expect(badLog.stderr).toContain('--access-log');
    expect(badLog.stderr).toContain('ENOENT');
  });

  it('serves until SIGTERM, reloads and re-arms on SIGHUP, logs JSON lines to --access-log', async () => {
    const term = captureTerminal({ cwd: dir });
    const signals = new EventEmitter();
    const running = runServe(
      // One process, so the access log's order is the requests' order (with several workers each
      // flushes its own batch; test/server/cluster/workers.test.ts covers that mode's SIGHUP and log).
      [
        'out',
        '--listen',
        '127.0.0.1:0',
        '--workers',
        '1',
        '--one-shot',
        '--poll',
        '0',
        '--access-log',
        'access.log',
      ],
      term,
      signals as SignalSource,
    );
    const port = await portFrom(term);
    expect(term.stderr).toContain('(3 hosts');
    expect((await fetchRaw(port, '/hosts/knode1/user-data', { from: '127.0.0.11' })).status).toBe(200);
    expect((await fetchRaw(port, '/hosts/knode1/user-data', { from: '127.0.0.11' })).status).toBe(403);

    await swapOut(out, 'v2');
    signals.emit('SIGHUP');
    for (let i = 0; i < 1000 && !(await fetchRaw(port, '/healthz')).text.includes('generation 2'); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const again = await fetchRaw(port, '/hosts/knode1/user-data', { from: '127.0.0.11' });
    expect(again.status).toBe(200);
    expect(again.text).toContain('KEY-knode1-v2');

    signals.emit('SIGTERM');
    expect(await running).toBe(0);
    expect(signals.listenerCount('SIGTERM')).toBe(0);
    const log = (await readFile(join(dir, 'access.log'), 'utf8')).trim().split('\n');
    const requests = log
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((r) => r['path'] !== undefined);
    expect(requests.filter((r) => r['path'] === '/hosts/knode1/user-data').map((r) => r['status'])).toEqual([
      200, 403, 200,
    ]);
    expect(log.join('\n')).not.toContain('KEY-knode1');
  });

  it('stops with exit 0 on a real SIGTERM (the built CLI)', async (context) => {
    const bin = resolve(import.meta.dirname, '../../bin/bootforge.js');
    if (!existsSync(resolve(import.meta.dirname, '../../dist/cli/main.js'))) {
      if (process.env['CI'] === 'true') throw new Error('dist/ missing: npm test builds it first');
      context.skip('dist/ not built (npm run build): real-process test skipped');
    }
    const child = spawn(process.execPath, [bin, 'serve', out, '--listen', '127.0.0.1:0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    for (let i = 0; i < 500 && !/:(\d+)\//.test(stderr); i++) await new Promise((r) => setTimeout(r, 10));
    const port = Number(/127\.0\.0\.1:(\d+)\//.exec(stderr)?.[1]);
    expect((await fetchRaw(port, '/healthz')).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('stopped');
  });
});
