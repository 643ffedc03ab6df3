import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { captureTerminal, paint } from '../../cli/terminal.js';

const repo = path.resolve(import.meta.dirname, '../..');

describe('terminal', () => {
  it('paints only when colour is on', () => {
    const plain = captureTerminal();
    expect(paint(plain, 'red', 'x')).toBe('x');
    expect(paint({ ...plain, color: true }, 'red', 'x')).toBe('\u001b[31mx\u001b[0m');
  });

  it('stops quietly when the reader closes the pipe (`bootforge plan --json | head -c 0`)', async () => {
    // The built CLI (npm test builds first), with a reader that goes away before it writes.
    const child = spawn(process.execPath, ['bin/bootforge.js', 'plan', 'examples/ha.yaml', '--json'], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(code).toBe(0);
  });
});
