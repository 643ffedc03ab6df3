/**
 * Every way of asking Ignition for a CentOS 7 host (which cannot boot it) is refused by validate
 * and generate with code, path, file:line and a hint, exit 2, no OUT and no PKI: `--only ignition`,
 * `install.method: ignition`, and a host `delivery: [ignition]` (not a delivery target at all).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureTerminal } from '../../cli/terminal.js';

const repo = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'bootforge-ign-centos7-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CLASSIC = readFileSync(path.join(repo, 'examples/classic.yaml'), 'utf8');

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  const term = captureTerminal({ cwd: dir });
  const code = await main(argv, term);
  return { code, out: term.stdout + term.stderr };
}

/** classic.yaml with one edit, written to dir/name; returns the 1-based line holding `needle`. */
function variant(name: string, from: string, to: string, needle: string): number {
  expect(CLASSIC).toContain(from);
  const text = CLASSIC.replace(from, to);
  writeFileSync(path.join(dir, name), text);
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

/** validate and generate both refuse `file` with `pattern`; generate writes no OUT and no PKI. */
async function refused(file: string, pattern: RegExp, ...extra: string[]): Promise<void> {
  const validated = await cli('validate', file);
  expect(validated.code).toBe(2);
  expect(validated.out).toMatch(pattern);
  const out = `out-${file}`;
  const pki = `pki-${file}`;
  const generated = await cli('generate', file, '-o', out, '--pki', pki, ...extra);
  expect(generated.code).toBe(2);
  expect(generated.out).toMatch(pattern);
  expect(generated.out).toContain('nothing was written');
  expect(existsSync(path.join(dir, out))).toBe(false);
  expect(existsSync(path.join(dir, pki))).toBe(false);
}

describe('Ignition asked for on CentOS 7', () => {
  it('generate --only ignition is refused at cluster.os with a hint, exit 2, no OUT and no PKI', async () => {
    writeFileSync(path.join(dir, 'classic.yaml'), CLASSIC);
    const term = captureTerminal({ cwd: dir });
    const code = await main(
      ['generate', 'classic.yaml', '-o', 'out', '--pki', 'pki', '--only', 'ignition'],
      term,
    );
    expect(code).toBe(2);
    expect(term.stderr).toMatch(
      /^classic\.yaml:8:\d+ error UNSUPPORTED_OS_FORMAT cluster\.os: ignition cannot configure CentOS 7 hosts\n {2}hint: CentOS 7 takes: cloud-init, kickstart,/m,
    );
    expect(term.stderr).not.toMatch(/takes: .*ignition/);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
    expect(existsSync(path.join(dir, 'pki'))).toBe(false);
  });

  it('install.method: ignition is refused at cluster.install.method', async () => {
    const line = variant('method.yaml', '  ssh:\n', '  install:\n    method: ignition\n  ssh:\n', 'method:');
    await refused(
      'method.yaml',
      new RegExp(
        `^method\\.yaml:${line}:\\d+ error UNSUPPORTED_INSTALL_METHOD cluster\\.install\\.method: CentOS 7 cannot be installed through the ignition path\\n {2}hint: use install\\.method: kickstart or nocloud$`,
        'm',
      ),
    );
  });

  it('a host delivery: [ignition] is refused at hosts[1].delivery[0]', async () => {
    const knode2 = '{ name: knode2, roles: [node], ip: 10.0.0.12, mac: "52:54:00:00:00:12" }';
    const line = variant(
      'delivery.yaml',
      knode2,
      knode2.replace(' }', ', delivery: [ignition] }'),
      'delivery: [ignition]',
    );
    await refused(
      'delivery.yaml',
      new RegExp(
        `^delivery\\.yaml:${line}:\\d+ error BAD_ENUM hosts\\[1\\]\\.delivery\\[0\\]: 'ignition' is not one of: pxe, iso,.*\\n {2}hint: use one of:`,
        'm',
      ),
    );
  });
});
