/**
 * `generate --workers N` through the compiled CLI (workers are compiled files): the same OUT,
 * byte for byte and mode for mode, whatever the number of threads.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'bootforge-workers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
cpSync(path.join(repo, 'examples'), scratch, { recursive: true });

function tree(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel))
    .sort()
    .flatMap((name) => {
      const r = rel === '' ? name : `${rel}/${name}`;
      const st = statSync(path.join(dir, r));
      if (st.isDirectory()) return tree(dir, r);
      const hash = createHash('sha256')
        .update(readFileSync(path.join(dir, r)))
        .digest('hex');
      return [`${r} ${(st.mode & 0o777).toString(8)} ${hash}`];
    });
}

function generate(out: string, workers: number): void {
  execFileSync(
    process.execPath,
    [
      path.join(repo, 'bin/bootforge.js'),
      'generate',
      'ha.yaml',
      '-o',
      out,
      '--pki',
      'ha-pki',
      '--workers',
      String(workers),
    ],
    { cwd: scratch, stdio: 'pipe' },
  );
}

describe('generate --workers', () => {
  it('writes the same OUT on one thread and on three', () => {
    generate('one', 1);
    generate('three', 3);
    const one = tree(path.join(scratch, 'one'));
    expect(one.length).toBeGreaterThan(100);
    expect(tree(path.join(scratch, 'three'))).toEqual(one);
  });

  it('refuses a worker count that is not a whole number', () => {
    expect(() => generate('bad', 0)).toThrow(/--workers must be a whole number/);
  });
});
