/**
 * validate and plan only read: run them (human and --json) on every example and every invalid
 * fixture from inside a scratch directory and check that no file there changed or appeared.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureTerminal } from '../../cli/terminal.js';

const repo = path.resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'bootforge-readonly-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

cpSync(path.join(repo, 'examples'), path.join(scratch, 'examples'), { recursive: true });
cpSync(path.join(repo, 'test/fixtures/inventories/invalid'), path.join(scratch, 'invalid'), {
  recursive: true,
});

/** Every entry under `dir`: relative path, mode, size, mtime and content hash. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const full = path.join(dir, rel);
    const st = statSync(full);
    if (st.isDirectory()) {
      out.push(`${rel}/ ${st.mode.toString(8)}`);
      for (const name of readdirSync(full).sort()) walk(path.join(rel, name));
    } else {
      const hash = createHash('sha256').update(readFileSync(full)).digest('hex');
      out.push(`${rel} ${st.mode.toString(8)} ${st.size} ${st.mtimeMs} ${hash}`);
    }
  };
  walk('.');
  return out;
}

const inventories = [
  ...readdirSync(path.join(scratch, 'examples'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => `examples/${f}`),
  ...readdirSync(path.join(scratch, 'invalid')).map((f) => `invalid/${f}`),
];

describe('validate and plan write nothing', () => {
  it(`leaves the directory unchanged after ${inventories.length * 5} runs`, async () => {
    const before = snapshot(scratch);
    const codes = new Set<number>();
    for (const file of inventories) {
      for (const argv of [
        ['validate', file],
        ['validate', file, '--json'],
        ['validate', file, '--strict'],
        ['plan', file],
        ['plan', file, '--json'],
      ]) {
        codes.add(await main(argv, captureTerminal({ cwd: scratch })));
      }
    }
    expect(snapshot(scratch)).toEqual(before);
    // Both outcomes were exercised: valid examples (0) and invalid fixtures (2), nothing else.
    expect([...codes].sort()).toEqual([0, 2]);
  });
});
