/**
 * One set of checks (issue 12.1): `validate --strict` and `generate --strict` agree, on every
 * inventory here, on the exit code and on every diagnostic (code, path, line), generator
 * diagnostics included (a boot URL GRUB cannot fetch, user-data over a cloud's limit, a profile
 * or pin problem); every diagnostic either prints is placed at file:line:column (issue 13.4); and
 * when generate --strict refuses, neither OUT nor the PKI directory exists afterwards.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureTerminal } from '../../cli/terminal.js';

const repo = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'bootforge-strict-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const classic = readFileSync(path.join(repo, 'examples/classic.yaml'), 'utf8');
// Only the master: its user-data carries the CA keys and is over the aws limit.
const oneHost = classic
  .replace(/^ {2}- \{ name: knode[234].*\n/gm, '')
  .replace('roles: [master]', 'roles: [master, etcd, node]');

function write(name: string, text: string): string {
  writeFileSync(path.join(dir, name), text);
  return name;
}

const corpus = [
  ...['classic.yaml', 'ha.yaml'].map((f) => {
    cpSync(path.join(repo, 'examples', f), path.join(dir, f));
    return f;
  }),
  ...readdirSync(path.join(repo, 'test/fixtures/inventories/valid'))
    .filter((f) => f.endsWith('.yaml') && f !== 'full.yaml')
    .map((f) =>
      write(`valid-${f}`, readFileSync(path.join(repo, 'test/fixtures/inventories/valid', f), 'utf8')),
    ),
  write(
    'https-tree.yaml',
    oneHost.replace(
      '  bootServer:',
      '  install: { repo: "https://mirror.example.com/centos/7/os/x86_64" }\n  bootServer:',
    ),
  ),
  write(
    'unknown-profile.yaml',
    oneHost.replace('roles: [master, etcd, node]', 'roles: [master, etcd, node]\n    profiles: [gpu]'),
  ),
  write(
    'unpinned.yaml',
    oneHost.replace('  bootServer:', '  versions: { flannel: "0.13.0" }\n  bootServer:'),
  ),
  write('duplicate-ip.yaml', classic.replace('ip: 10.0.0.13', 'ip: 10.0.0.12')),
  write('one-host.yaml', oneHost),
  // Delivered to AWS too: its user-data is over AWS's limit even gzipped.
  write(
    'one-host-aws.yaml',
    oneHost.replace('  bootServer:', '  delivery: [pxe, iso, cloud:aws]\n  bootServer:'),
  ),
];

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const term = captureTerminal({ cwd: dir });
  const code = await main(argv, term);
  return { code, stdout: term.stdout, stderr: term.stderr };
}

/** `CODE path line` for every diagnostic line printed; fails on one without file:line:column. */
function printed(stderr: string, file: string): string[] {
  const lines = stderr
    .split('\n')
    .filter((l) => / (error|warning) [A-Z][A-Z0-9_]+\b/.test(l) && !l.startsWith('  '));
  return lines.map((line) => {
    const m = new RegExp(
      `^${file.replace(/[.]/g, '\\.')}:(\\d+):\\d+ (?:error|warning) ([A-Z0-9_]+) ?([^:]*):`,
    ).exec(line);
    expect(m, `not placed at file:line:column: ${line}`).not.toBeNull();
    return `${m?.[2]} ${m?.[3]} ${m?.[1]}`;
  });
}

describe('validate --strict and generate --strict agree', () => {
  it.each(corpus)(
    '%s',
    async (file) => {
      const validate = await run('validate', file, '--strict');
      const json = await run('validate', file, '--strict', '--json');
      const out = `out-${file}`;
      const pki = `pki-${file}`;
      const generate = await run('generate', file, '--strict', '-o', out, '--pki', pki, '--workers', '1');
      expect(generate.code, generate.stderr).toBe(validate.code);
      expect(json.code).toBe(validate.code);
      const fromValidate = printed(validate.stderr, file).sort();
      expect(printed(generate.stderr, file).sort()).toEqual(fromValidate);
      const report = JSON.parse(json.stdout) as {
        diagnostics: { code: string; path: string; position?: { line: number } }[];
      };
      expect(report.diagnostics.map((d) => `${d.code} ${d.path} ${d.position?.line}`).sort()).toEqual(
        fromValidate,
      );
      if (generate.code === 2) {
        expect(existsSync(path.join(dir, out)), 'OUT').toBe(false);
        expect(existsSync(path.join(dir, pki)), 'PKI directory').toBe(false);
      } else {
        expect(generate.code, generate.stderr).toBe(0);
        expect(existsSync(path.join(dir, out, 'manifest.json'))).toBe(true);
      }
    },
    120_000,
  );

  it('the corpus holds each kind of finding generate makes after the inventory', async () => {
    const codes = new Set<string>();
    for (const file of corpus)
      for (const line of printed((await run('validate', file)).stderr, file))
        codes.add(line.split(' ')[0] ?? '');
    for (const code of [
      'USER_DATA_TOO_LARGE',
      'BOOT_URL_NOT_HTTP',
      'PROFILE_UNKNOWN',
      'ARTIFACT_PIN_REQUIRED',
      'DUPLICATE_IP',
    ])
      expect([...codes]).toContain(code);
  }, 120_000);
});
