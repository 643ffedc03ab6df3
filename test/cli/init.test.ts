/**
 * `bootforge init`: each starter inventory, piped into `bootforge validate`, is valid as is (its
 * only warning: no SSH key yet), and generates.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureTerminal } from '../../cli/terminal.js';
import { parseInventory } from '../../inventory/load.js';

const repo = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repo, 'bin/bootforge.js');
const dir = mkdtempSync(path.join(tmpdir(), 'bootforge-init-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each([[[]], [['--example', 'classic']], [['--example', 'ha']]])('bootforge init %j', (flags) => {
  it('prints a starter that `bootforge validate` accepts from a pipe (exit 0, only NO_SSH_KEYS)', () => {
    const cmd = `node ${bin} init ${flags.join(' ')} | node ${bin} validate --json /dev/stdin`;
    const result = spawnSync('sh', ['-c', cmd], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { valid: boolean; diagnostics: { code: string }[] };
    expect(report.valid).toBe(true);
    expect(report.diagnostics.map((d) => d.code)).toEqual(['NO_SSH_KEYS']);
  });

  it('is commented, and generates once an SSH key is pasted in', async () => {
    const term = captureTerminal({ cwd: dir });
    expect(await main(['init', ...flags], term)).toBe(0);
    expect(term.stdout.split('\n').filter((l) => l.includes('#')).length).toBeGreaterThan(15);
    const text = term.stdout.replace(
      'authorizedKeys: []',
      'authorizedKeys: [ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILfe2CYNLNY/fsKUPymOhid64Ez+hFpBW3wxOfA+9ejq me@example]',
    );
    expect(parseInventory(text, 'cluster.yaml').diagnostics).toEqual([]);
    const name = `cluster${flags.join('')}.yaml`;
    writeFileSync(path.join(dir, name), text);
    const gen = captureTerminal({ cwd: dir });
    expect(
      await main(['generate', name, '-o', `out${flags.join('')}`, '--workers', '1'], gen),
      gen.stderr,
    ).toBe(0);
  }, 120_000);
});

it('bootforge init --example nope exits 2', async () => {
  const term = captureTerminal();
  expect(await main(['init', '--example', 'nope'], term)).toBe(2);
  expect(term.stderr).toContain("unknown example 'nope'");
});
