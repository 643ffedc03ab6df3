/**
 * Issue 12 stumble: `serve --listen` on an address that contradicts cluster.bootServer said
 * nothing, while every script it served pointed elsewhere. Now it warns at start, on stderr, with
 * both; and says nothing when they agree.
 */
import { EventEmitter } from 'node:events';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runServe, type SignalSource } from '../../cli/commands/serve.js';
import { main } from '../../cli/main.js';
import { captureTerminal } from '../../cli/terminal.js';

const repo = path.resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'bootforge-serve-boot-server-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

beforeAll(async () => {
  cpSync(path.join(repo, 'examples'), scratch, { recursive: true });
  const term = captureTerminal({ cwd: scratch });
  expect(await main(['generate', 'classic.yaml', '-o', 'out', '--workers', '1'], term), term.stderr).toBe(0);
}, 120_000);

/** Start serve, wait for its start line, stop it; what it said on stderr. */
async function startLines(listen: string): Promise<string> {
  const term = captureTerminal({ cwd: scratch });
  const signals = new EventEmitter();
  const running = runServe(
    [
      'out',
      '--listen',
      listen,
      '--workers',
      '1',
      '--poll',
      '0',
      '--state',
      `state-${listen.replace(/\W/g, '-')}`,
    ],
    term,
    signals as SignalSource,
  );
  for (let i = 0; i < 500 && !term.stderr.includes('bootforge serve: http'); i++)
    await new Promise((r) => setTimeout(r, 10));
  signals.emit('SIGTERM');
  expect(await running, term.stderr).toBe(0);
  return term.stderr;
}

describe('serve and cluster.bootServer', () => {
  it('warns at start when the listen address contradicts it, naming both', async () => {
    const stderr = await startLines('127.0.0.1:0');
    expect(stderr).toContain(
      'warning: serve listens on 127.0.0.1:0 but cluster.bootServer is http://10.0.0.2:8080 (port 0, not 8080; address 127.0.0.1, not 10.0.0.2)',
    );
    expect(stderr).toContain('every script in OUT points booting machines at http://10.0.0.2:8080, not here');
    expect(stderr.indexOf('warning:')).toBeLessThan(stderr.indexOf('bootforge serve: http'));
  });

  it('the manifest records the boot server', () => {
    const manifest = JSON.parse(readFileSync(path.join(scratch, 'out/manifest.json'), 'utf8')) as {
      bootServer?: string;
    };
    expect(manifest.bootServer).toBe('http://10.0.0.2:8080');
  });
});
