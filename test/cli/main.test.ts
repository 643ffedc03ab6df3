import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureTerminal } from '../../cli/terminal.js';

async function run(...argv: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  const term = captureTerminal({ cwd: process.cwd() });
  const code = await main(argv, term);
  return { code, stderr: term.stderr, stdout: term.stdout };
}

describe('bootforge with no command, or asking for help', () => {
  it('no arguments: the usage on stderr (nothing on stdout), exit 2', async () => {
    const { code, stderr, stdout } = await run();
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^Usage: bootforge /);
  });

  it('--help and help: the usage on stdout, exit 0', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const { code, stderr, stdout } = await run(...argv);
      expect(code).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toMatch(/^Usage: bootforge /);
    }
  });
});
