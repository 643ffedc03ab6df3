/**
 * `bootforge render` prints exactly the bytes `generate` wrote; `bootforge diff` says what a
 * generate would change in OUT (nothing right after one; the files a PKI rotation makes stale;
 * hand edits, deleted and extra files), and its --patch applies with patch(1). Neither issues a
 * PKI: without one they refuse with exit 2 and create nothing.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureTerminal } from '../../cli/terminal.js';

const repo = path.resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'bootforge-render-diff-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
cpSync(path.join(repo, 'examples'), scratch, { recursive: true });

async function run(...argv: string[]) {
  const term = captureTerminal({ cwd: scratch });
  const code = await main(argv, term);
  return { code, stdout: term.stdout, bytes: term.stdoutBytes, stderr: term.stderr };
}

beforeAll(async () => {
  const gen = await run('generate', 'classic.yaml', '-o', 'out', '--workers', '1');
  expect(gen.code, gen.stderr).toBe(0);
}, 120_000);

describe('bootforge render', () => {
  it.each(['user-data', 'meta-data', 'network-config', 'ks.cfg', 'seed.iso'])(
    'knode2 %s: the bytes generate wrote',
    async (file) => {
      const r = await run('render', 'classic.yaml', 'knode2', file);
      expect(r.code, r.stderr).toBe(0);
      expect(r.bytes.equals(readFileSync(path.join(scratch, 'out/hosts/knode2', file)))).toBe(true);
    },
  );

  it('master1 config.ign (ha, EL9): the bytes generate wrote', async () => {
    const gen = await run('generate', 'ha.yaml', '-o', 'out-ha', '--only', 'ignition', '--hosts', 'master1');
    expect(gen.code, gen.stderr).toBe(0);
    const r = await run('render', 'ha.yaml', 'master1', 'config.ign');
    expect(r.code, r.stderr).toBe(0);
    expect(r.bytes.equals(readFileSync(path.join(scratch, 'out-ha/hosts/master1/config.ign')))).toBe(true);
  }, 60_000);

  it('knode2 (CentOS 7) has no config.ign to render: it cannot boot Ignition', async () => {
    const r = await run('render', 'classic.yaml', 'knode2', 'config.ign');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/knode2 has: .*user-data/);
    expect(r.stderr).not.toMatch(/has: .*config\.ign/);
  });

  it('exits 2 for an unknown host or file, naming what exists', async () => {
    const host = await run('render', 'classic.yaml', 'nope', 'user-data');
    expect(host.code).toBe(2);
    expect(host.stderr).toContain("no host 'nope'");
    const file = await run('render', 'classic.yaml', 'knode2', 'nope.cfg');
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(/knode2 has: .*user-data/);
  });

  it('refuses without a PKI (exit 2) and creates none', async () => {
    const r = await run('render', 'classic.yaml', 'knode2', 'user-data', '--pki', 'no-pki');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('never issues keys or certificates');
    expect(existsSync(path.join(scratch, 'no-pki'))).toBe(false);
  });
});

describe('bootforge diff', () => {
  it('exits 0 right after generate: nothing would change', async () => {
    const r = await run('diff', 'classic.yaml', 'out');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('up to date');
  });

  it('refuses without a PKI (exit 2) and creates none', async () => {
    const r = await run('diff', 'classic.yaml', 'out', '--pki', 'no-pki');
    expect(r.code).toBe(2);
    expect(existsSync(path.join(scratch, 'no-pki'))).toBe(false);
  });

  it('lists hand edits, deleted and extra files per host (exit 1), and --patch applies with patch(1)', async () => {
    cpSync(path.join(scratch, 'out'), path.join(scratch, 'edited'), { recursive: true });
    const edited = path.join(scratch, 'edited');
    const ks = path.join(edited, 'hosts/knode3/ks.cfg');
    writeFileSync(ks, readFileSync(ks, 'utf8').replace('reboot', 'poweroff'));
    unlinkSync(path.join(edited, 'hosts/knode2/meta-data'));
    writeFileSync(path.join(edited, 'stray.txt'), 'left over\n');
    const r = await run('diff', 'classic.yaml', 'edited', '--json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { changes: { path: string; host?: string; change: string }[] };
    expect(doc.changes).toEqual(
      expect.arrayContaining([
        { path: 'hosts/knode3/ks.cfg', host: 'knode3', change: 'changed' },
        expect.objectContaining({ path: 'hosts/knode2/meta-data', host: 'knode2', change: 'added' }),
        expect.objectContaining({ path: 'stray.txt', change: 'removed' }),
      ]),
    );
    const text = await run('diff', 'classic.yaml', 'edited', '--patch');
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/^knode3:\n {2}~ hosts\/knode3\/ks.cfg\n--- a\/hosts\/knode3\/ks.cfg\n/m);
    // The patch of ks.cfg alone, applied to the edited file, gives back what generate writes.
    const lines = text.stdout.split('\n');
    const start = lines.indexOf('--- a/hosts/knode3/ks.cfg');
    let end = start + 1;
    while (
      end < lines.length &&
      /^(\+\+\+ |@@ |[ +-]|\\ )/.test(lines[end]!) &&
      !/^ {2}[~+-] /.test(lines[end]!)
    )
      end++;
    const hunk = lines.slice(start, end).join('\n');
    const applied = spawnSync('patch', ['-p1', '-d', edited], { input: `${hunk}\n`, encoding: 'utf8' });
    expect(applied.status, applied.stdout + applied.stderr).toBe(0);
    expect(readFileSync(ks)).toEqual(readFileSync(path.join(scratch, 'out/hosts/knode3/ks.cfg')));
  });

  it('shows the files a PKI rotation makes stale (exit 1), and none once generate ran again', async () => {
    const rotated = await run('pki', 'classic.yaml', '--rotate', 'apiserver');
    expect(rotated.code, rotated.stderr).toBe(0);
    const r = await run('diff', 'classic.yaml', 'out', '--json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { changes: { path: string; host?: string; change: string }[] };
    const stale = doc.changes.filter((c) => c.change === 'changed').map((c) => c.path);
    expect(stale).toEqual(expect.arrayContaining(['hosts/knode1/user-data', 'hosts/knode1/ks.cfg']));
    expect(stale.filter((p) => /^hosts\/knode[234]\//.test(p))).toEqual([]);
    expect((await run('generate', 'classic.yaml', '-o', 'out', '--workers', '1')).code).toBe(0);
    expect((await run('diff', 'classic.yaml', 'out')).code).toBe(0);
  }, 120_000);
});
