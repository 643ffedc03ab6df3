/**
 * Issue 12 stumble: `generate` was silent on a terminal for seconds (checking hosts, issuing the
 * PKI) before its progress bar appeared. Now each phase is named the moment it starts, on any
 * interactive terminal, and the line is cleared before the summary; pipes still get none of it.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { progress } from '../../cli/progress.js';
import { captureTerminal, type Terminal } from '../../cli/terminal.js';

const repo = path.resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'bootforge-progress-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
cpSync(path.join(repo, 'examples'), scratch, { recursive: true });

/** A capturing terminal that says it is a TTY, and records each stderr write as it happens. */
function tty(onErr: (text: string) => void = () => undefined) {
  const captured = captureTerminal({ cwd: scratch });
  const writes: string[] = [];
  const term: Terminal = {
    ...captured,
    interactive: true,
    err(text) {
      onErr(text);
      writes.push(text);
      captured.err(text);
    },
  };
  return { term, writes, captured };
}

describe('progress', () => {
  it('names a phase at once on a TTY, even for a few hosts, and clears it at the end', () => {
    const { term, writes } = tty();
    const bar = progress(term, 4);
    bar.phase('issuing the PKI');
    expect(writes).toEqual(['\rissuing the PKI...\u001b[K']);
    bar.step('hosts', 1, 4); // no bar for 4 hosts
    bar.end();
    expect(writes).toEqual(['\rissuing the PKI...\u001b[K', '\r\u001b[K']);
  });

  it('draws nothing when stderr is not a terminal', () => {
    const term = captureTerminal();
    const bar = progress(term, 500);
    bar.phase('issuing the PKI');
    bar.step('hosts', 1, 500);
    bar.end();
    expect(term.stderr).toBe('');
  });
});

describe('generate on a terminal', () => {
  it('speaks before the PKI is issued, then leaves a clean summary line', async () => {
    const stateDir = path.join(scratch, 'knodes-pki');
    let firstWriteBeforePki: boolean | undefined;
    const { term, writes, captured } = tty(() => {
      firstWriteBeforePki ??= !existsSync(stateDir);
    });
    const code = await main(['generate', 'classic.yaml', '-o', 'out', '--workers', '1'], term);
    expect(code, captured.stderr).toBe(0);
    expect(firstWriteBeforePki).toBe(true);
    expect(writes[0]).toMatch(/^\rplanning 4 hosts, reading the PKI\.\.\./);
    expect(writes).toContain('\rchecking 4 hosts before the PKI is written...\u001b[K');
    expect(writes).toContain('\rissuing the PKI...\u001b[K');
    expect(captured.stderr).toMatch(
      new RegExp(`\r${String.fromCharCode(27)}\\[Kgenerated \\d+ files for 4 hosts`),
    );
  }, 120_000);

  it('prints none of it into a pipe', async () => {
    const term = captureTerminal({ cwd: scratch });
    expect(await main(['generate', 'classic.yaml', '-o', 'out2', '--workers', '1'], term)).toBe(0);
    expect(term.stderr).not.toContain('\r');
    expect(term.stderr).toMatch(/^generated \d+ files/);
  }, 120_000);
});
