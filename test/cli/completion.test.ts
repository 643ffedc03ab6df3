/**
 * `bootforge completion`: each script is accepted by its shell, and the bash one completes
 * commands and each command's options when run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { COMMANDS } from '../../cli/registry.js';
import { captureTerminal } from '../../cli/terminal.js';
import { hasTool, run } from '../generators/support/tools.js';

const dir = mkdtempSync(path.join(tmpdir(), 'bootforge-completion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function script(shell: string): Promise<string> {
  const term = captureTerminal();
  expect(await main(['completion', shell], term)).toBe(0);
  const file = path.join(dir, `bootforge.${shell}`);
  writeFileSync(file, term.stdout);
  return file;
}

describe('bootforge completion', () => {
  it('bash: passes bash -n, and completes commands and options', async () => {
    const file = await script('bash');
    expect(run('bash', ['-n', file]).status).toBe(0);
    const complete = (...words: string[]): string[] => {
      const cword = words.length - 1;
      const result = run('bash', [
        '-c',
        `source ${file}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${cword}; _bootforge; printf '%s\\n' "\${COMPREPLY[@]}"`,
      ]);
      expect(result.status, result.stderr).toBe(0);
      return result.stdout.split('\n').filter((l) => l !== '');
    };
    expect(complete('bootforge', '')).toEqual(expect.arrayContaining(COMMANDS.map((c) => c.name)));
    expect(complete('bootforge', 'ge')).toEqual(['generate']);
    expect(complete('bootforge', 'generate', '--on')).toEqual(['--only']);
    expect(complete('bootforge', 'diff', '--')).toEqual(
      expect.arrayContaining(['--patch', '--pki', '--json']),
    );
    expect(complete('bootforge', 'init', '--')).toEqual(expect.arrayContaining(['--example']));
    expect(complete('bootforge', 'explain', 'classic.yaml', 'cluster.kubernetes.ver')).toEqual([
      'cluster.kubernetes.version',
    ]);
    expect(complete('bootforge', 'explain', 'classic.yaml', 'hosts.di')).toEqual(['hosts.disk']);
    expect(complete('bootforge', 'explain', 'classic.yaml', '--')).toEqual(
      expect.arrayContaining(['--json']),
    );
  });

  it.runIf(hasTool('zsh'))('zsh: passes zsh -n', async () => {
    const result = run('zsh', ['-n', await script('zsh')]);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it.runIf(hasTool('fish'))('fish: passes fish --no-execute', async () => {
    const result = run('fish', ['--no-execute', await script('fish')]);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('refuses an unknown shell with exit 2', async () => {
    const term = captureTerminal();
    expect(await main(['completion', 'tcsh'], term)).toBe(2);
    expect(term.stderr).toContain("unknown shell 'tcsh'");
  });
});
