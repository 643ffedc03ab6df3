/**
 * `generate` (not only `validate`) on every inventory the invalid corpus refuses
 * (test/fixtures/inventories/invalid/*.yaml; warning-only ones with --strict): exit 2, every
 * expected error printed at its file:line:column, and nothing written: no OUT, no PKI state
 * directory (neither --pki nor the default beside the inventory), no temporary directory; and an
 * existing OUT and PKI stay byte for byte, mode for mode, as they were.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureTerminal } from '../../cli/terminal.js';

const repo = path.resolve(import.meta.dirname, '../..');
// invalid/: refused by the inventory's rules; refused-output/: accepted by them and refused once
// the hosts' configs are built (profiles, pins, generator checks), beside the profile dirs they name.
const CORPORA = ['invalid', 'refused-output'] as const;
const scratch = mkdtempSync(path.join(tmpdir(), 'bootforge-refuses-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
for (const corpus of CORPORA)
  cpSync(path.join(repo, 'test/fixtures/inventories', corpus), path.join(scratch, corpus), {
    recursive: true,
  });
cpSync(path.join(repo, 'examples/classic.yaml'), path.join(scratch, 'classic.yaml'));

interface Expected {
  severity: string;
  code: string;
  line: number;
  /** The exact path of the value the diagnostic is about ('' for the document itself). */
  path: string;
  /** The file the value is written in, when it is not the inventory (a user profile). */
  file?: string;
}

function expectations(text: string): Expected[] {
  // `# expect: SEVERITY CODE LINE [PATH] [@ FILE]` (FILE relative to test/fixtures/inventories)
  return [...text.matchAll(/^# expect: (error|warning) ([A-Z0-9_]+) (\d+)(?: (.+?))??(?: @ (\S+))?$/gm)].map(
    (m) => ({
      severity: m[1] ?? '',
      code: m[2] ?? '',
      line: Number(m[3]),
      path: m[4] ?? '',
      ...(m[5] === undefined ? {} : { file: m[5] }),
    }),
  );
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** What each corpus directory holds beside its inventories (README, profile directories). */
const others = Object.fromEntries(
  CORPORA.map((c) => [
    c,
    readdirSync(path.join(scratch, c))
      .filter((f) => !f.endsWith('.yaml'))
      .sort(),
  ]),
);

const fixtures = CORPORA.flatMap((corpus) =>
  readdirSync(path.join(scratch, corpus))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const name = `${corpus}/${f}`;
      return { name, expected: expectations(readFileSync(path.join(scratch, name), 'utf8')) };
    }),
);

/** Every entry under `dir` (relative path, mode, size, content hash); missing dir: undefined. */
function snapshot(dir: string): string[] | undefined {
  if (!existsSync(dir)) return undefined;
  const out: string[] = [];
  const walk = (rel: string): void => {
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

async function generate(...argv: string[]): Promise<{ code: number; stderr: string }> {
  const term = captureTerminal({ cwd: scratch });
  const code = await main(['generate', ...argv], term);
  return { code, stderr: term.stderr };
}

describe('generate refuses every input the invalid corpus refuses, and writes nothing', () => {
  let outBefore: string[] | undefined;
  let pkiBefore: string[] | undefined;

  beforeAll(async () => {
    const r = await generate('classic.yaml', '-o', 'out', '--pki', 'pki');
    expect(r.code, r.stderr).toBe(0);
    outBefore = snapshot(path.join(scratch, 'out'));
    pkiBefore = snapshot(path.join(scratch, 'pki'));
  }, 120_000);

  it('has refused inputs to run on', () => {
    expect(fixtures.filter((f) => f.name.startsWith('invalid/')).length).toBeGreaterThanOrEqual(120);
    expect(fixtures.filter((f) => f.name.startsWith('refused-output/')).length).toBeGreaterThanOrEqual(10);
    for (const f of fixtures) expect(f.expected, f.name).not.toEqual([]);
  });

  it.each(fixtures)('$name: exit 2 with every error located, no OUT, no PKI', async ({ name, expected }) => {
    const file = name;
    const strict = expected.every((e) => e.severity === 'warning') ? ['--strict'] : [];
    // Default PKI location (beside the inventory) and a fresh OUT: neither may appear.
    const fresh = await generate(file, '-o', 'fresh-out', ...strict);
    expect(fresh.code, fresh.stderr).toBe(2);
    for (const e of expected) {
      // The value's own path, exactly (a diagnostic about the document itself has none).
      const at = e.path === '' ? ' ' : ` ${escape(e.path)}: `;
      // A value in a user profile is placed in that file (printed as the absolute path read).
      const where = e.file === undefined ? `^${escape(file)}` : `^/\\S*/${escape(e.file)}`;
      expect(fresh.stderr, `${e.code} ${e.path} at line ${e.line}`).toMatch(
        new RegExp(`${where}:${e.line}:\\d+ ${e.severity} ${e.code}${at}`, 'm'),
      );
    }
    expect(fresh.stderr).toMatch(/nothing was written/);
    expect(readdirSync(scratch).sort()).toEqual(['classic.yaml', ...CORPORA, 'out', 'pki'].sort());
    for (const corpus of CORPORA)
      expect(
        readdirSync(path.join(scratch, corpus))
          .filter((f) => !f.endsWith('.yaml'))
          .sort(),
      ).toEqual(others[corpus]);

    // Over an existing OUT and PKI: both stay exactly as they were.
    const over = await generate(file, '-o', 'out', '--pki', 'pki', ...strict);
    expect(over.code, over.stderr).toBe(2);
    expect(snapshot(path.join(scratch, 'out'))).toEqual(outBefore);
    expect(snapshot(path.join(scratch, 'pki'))).toEqual(pkiBefore);
  });
});
