/**
 * What the per-family refusal tests share: inventory variants written into a scratch directory,
 * the line a needle sits on there, and the CLI run in that directory with a captured terminal.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { main } from '../../cli/main.js';
import { captureTerminal } from '../../cli/terminal.js';

export interface ScratchCli {
  /** `base` with `from` (which must occur) replaced by `to`, written as `name`; returns `name`. */
  variant(name: string, from: string, to: string, base?: string): string;
  /** The 1-based line of the first line of `file` containing `needle` (0 when none does). */
  lineOf(file: string, needle: string): number;
  cli(...argv: string[]): Promise<{ code: number; stderr: string; stdout: string }>;
}

export function scratchCli(work: string, fixture: string): ScratchCli {
  return {
    variant(name, from, to, base = fixture) {
      expect(base).toContain(from);
      writeFileSync(path.join(work, name), base.replace(from, to));
      return name;
    },
    lineOf: (file, needle) =>
      readFileSync(path.join(work, file), 'utf8')
        .split('\n')
        .findIndex((l) => l.includes(needle)) + 1,
    async cli(...argv) {
      const term = captureTerminal({ cwd: work });
      const code = await main(argv, term);
      return { code, stderr: term.stderr, stdout: term.stdout };
    },
  };
}
