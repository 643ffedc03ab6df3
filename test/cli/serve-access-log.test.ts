/**
 * serve's access log in one process (issue 13.5): SIGHUP reopens it after a rename (logrotate's
 * default), --access-log-max-size rotates it into bounded files keeping --access-log-keep of them,
 * `--access-log -` writes to stdout; no request's line is lost, doubled or split. The --workers
 * mode is tested in test/server/cluster/access-log.test.ts.
 */
import { EventEmitter } from 'node:events';
import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runServe, type SignalSource } from '../../cli/commands/serve.js';
import { main } from '../../cli/main.js';
import { captureTerminal, type CapturedTerminal } from '../../cli/terminal.js';
import { fetchRaw } from '../server/http-client.js';
import { writeOut } from '../server/out-fixture.js';
import { portFrom } from './serve-port.js';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bootforge-access-log-'));
  await writeOut(join(dir, 'out'), 'v1');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The `n` of every `/boot.ipxe?n=<n>` request line in `text`; throws on a line that is not JSON. */
function requestNumbers(text: string): number[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { path?: string })
    .flatMap((r) => {
      const n = /^\/boot\.ipxe\?n=(\d+)$/.exec(r.path ?? '')?.[1];
      return n === undefined ? [] : [Number(n)];
    });
}

async function serve(args: string[]): Promise<{
  port: number;
  term: CapturedTerminal;
  signals: EventEmitter;
  stop(): Promise<number>;
}> {
  const term = captureTerminal({ cwd: dir });
  const signals = new EventEmitter();
  const running = runServe(
    ['out', '--listen', '127.0.0.1:0', '--workers', '1', '--poll', '0', ...args],
    term,
    signals as SignalSource,
  );
  const port = await portFrom(term);
  return {
    port,
    term,
    signals,
    stop: () => {
      signals.emit('SIGTERM');
      return running;
    },
  };
}

/** Past the log's 50 ms flush: the next requests' lines are the next batch. */
const flushed = (): Promise<void> => new Promise((r) => setTimeout(r, 70));

const ask = (port: number, from: number, to: number): Promise<unknown> =>
  Promise.all(Array.from({ length: to - from }, (_, i) => fetchRaw(port, `/boot.ipxe?n=${from + i}`)));

describe('serve --access-log', () => {
  it('reopens the file on SIGHUP after a rename: earlier lines stay in the renamed file, later ones go to the new file', async () => {
    const log = join(dir, 'hup.log');
    const s = await serve(['--access-log', log]);
    await ask(s.port, 0, 50);
    await rename(log, `${log}.1`); // what logrotate does before it signals
    await ask(s.port, 50, 60); // still written to the renamed file, until the reopen
    s.signals.emit('SIGHUP');
    await ask(s.port, 60, 100);
    expect(await s.stop()).toBe(0);
    const before = requestNumbers(await readFile(`${log}.1`, 'utf8'));
    const after = requestNumbers(await readFile(log, 'utf8'));
    expect(before.sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(after.sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => 60 + i));
    expect(statSync(log).mode & 0o777).toBe(0o640);
  });

  it('rotates by size into bounded files, keeping every line (enough kept)', async () => {
    const log = join(dir, 'size.log');
    const max = 4096;
    const s = await serve(['--access-log', log, '--access-log-max-size', '4k', '--access-log-keep', '200']);
    for (let n = 0; n < 600; n += 20) {
      await ask(s.port, n, n + 20);
      await flushed();
    }
    expect(await s.stop()).toBe(0);
    const files = readdirSync(dir).filter((f) => f.startsWith('size.log'));
    expect(files.length).toBeGreaterThan(5);
    // A file passes the size by at most one batch (the lines written in one 50 ms flush).
    for (const f of files) expect(statSync(join(dir, f)).size, f).toBeLessThan(max + 20 * 300);
    const all: number[] = [];
    for (const f of files) all.push(...requestNumbers(await readFile(join(dir, f), 'utf8')));
    expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: 600 }, (_, i) => i));
  });

  it('keeps at most --access-log-keep rotated files (default 5)', async () => {
    const log = join(dir, 'keep.log');
    const s = await serve(['--access-log', log, '--access-log-max-size', '1024']);
    for (let n = 0; n < 200; n += 10) {
      await ask(s.port, n, n + 10);
      await flushed();
    }
    expect(await s.stop()).toBe(0);
    expect(
      readdirSync(dir)
        .filter((f) => f.startsWith('keep.log'))
        .sort(),
    ).toEqual(['keep.log', 'keep.log.1', 'keep.log.2', 'keep.log.3', 'keep.log.4', 'keep.log.5']);
  });

  it('writes to stdout with --access-log -', async () => {
    const s = await serve(['--access-log', '-']);
    await ask(s.port, 0, 5);
    expect(await s.stop()).toBe(0);
    expect(requestNumbers(s.term.stdout).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(readdirSync(dir).some((f) => f === '-')).toBe(false);
  });

  it.each([
    [['--access-log', '-', '--access-log-max-size', '10M'], 'give --access-log FILE'],
    [['--access-log-max-size', '10M'], 'give --access-log FILE'],
    [['--access-log', 'x.log', '--access-log-max-size', 'lots'], "--access-log-max-size 'lots'"],
    [['--access-log', 'x.log', '--access-log-keep', '3'], 'goes with --access-log-max-size'],
    [['--access-log', 'x.log', '--access-log-max-size', '1M', '--access-log-keep', '0'], '--access-log-keep'],
  ])('refuses %j (exit 2)', async (args, message) => {
    const term = captureTerminal({ cwd: dir });
    expect(await main(['serve', 'out', '--listen', '127.0.0.1:0', ...args], term)).toBe(2);
    expect(term.stderr).toContain(message);
  });
});
