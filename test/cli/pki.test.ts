/**
 * `bootforge pki`: issues into the default or given state directory, reports without secrets,
 * dry-runs without writing, rotates on request, and maps problems to the documented exit codes.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureTerminal } from '../../cli/terminal.js';
import type { PkiReport } from '../../pki/report.js';
import { classicInventoryText, tempDir } from '../pki/fixtures.js';
import { parseInventory } from '../../inventory/load.js';
import { planCluster } from '../../plan/plan-cluster.js';
import { loadOrIssuePki } from '../../pki/store.js';

function inventoryDir(
  text = classicInventoryText({ keyAlgorithm: 'ecdsa', kubeletCredentials: 'bootstrap' }),
): string {
  const dir = tempDir('bootforge-cli-pki-');
  writeFileSync(join(dir, 'cluster.yaml'), text);
  return dir;
}

async function run(
  cwd: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const term = captureTerminal({ cwd });
  const code = await main(['pki', ...args], term);
  return { code, stdout: term.stdout, stderr: term.stderr };
}

describe('bootforge pki', () => {
  it('issues into <inventory dir>/<cluster name>-pki by default, then reports everything current', async () => {
    const cwd = inventoryDir();
    const first = await run(cwd, 'cluster.yaml');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^ {2}ca +created +\d{4}-\d{2}-\d{2} +CN=kubernetes$/m);
    expect(first.stdout).toMatch(/^ {2}apiserver +created /m);
    expect(first.stdout).toContain('generated 15 keys, issued 14 certificates');
    const state = join(cwd, 'knodes-pki');
    expect(readdirSync(state)).toContain('ca.key');
    // Nothing secret on the terminal: no key material, no token.
    const token = readFileSync(join(state, 'bootstrap-token'), 'utf8').trim();
    for (const out of [first.stdout, first.stderr]) {
      expect(out).not.toContain('PRIVATE KEY');
      expect(out).not.toContain(token.split('.')[1]);
      expect(out).not.toContain(readFileSync(join(state, 'encryption-key'), 'utf8').trim());
    }
    const second = await run(cwd, 'cluster.yaml');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('nothing to issue; every certificate, key and token is current');
    expect(second.stdout).not.toMatch(/created|reissued/);
  });

  it('--dry-run writes nothing and says what it would do; --json is one document', async () => {
    const cwd = inventoryDir();
    const dry = await run(cwd, 'cluster.yaml', '--pki', 'state', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('(dry run: nothing written)');
    expect(dry.stdout).toMatch(/^ {2}etcd\/ca +create /m);
    expect(dry.stdout).toContain('would generate 15 keys, would issue 14 certificates');
    expect(existsSync(join(cwd, 'state'))).toBe(false);

    const json = await run(cwd, 'cluster.yaml', '--pki', 'state', '--dry-run', '--json');
    const report = JSON.parse(json.stdout) as PkiReport;
    expect(report.dryRun).toBe(true);
    expect(report.stateDir).toBe(join(cwd, 'state'));
    expect(report.items.map((i) => i.name)).toContain('bootstrap-token');
  });

  it('--rotate gives one leaf a new key; an unknown name is a usage error (exit 2)', async () => {
    const cwd = inventoryDir();
    expect((await run(cwd, 'cluster.yaml', '--pki', 'state')).code).toBe(0);
    const before = readFileSync(join(cwd, 'state/admin.key'), 'utf8');
    const rotated = await run(cwd, 'cluster.yaml', '--pki', 'state', '--rotate', 'admin');
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toMatch(/^ {2}admin +rotated +\S+ +rotation requested$/m);
    expect(readFileSync(join(cwd, 'state/admin.key'), 'utf8')).not.toBe(before);

    const both = await run(
      cwd,
      'cluster.yaml',
      '--pki',
      'state',
      '--rotate',
      'kube-proxy,kube-scheduler',
      '--json',
    );
    expect(
      (JSON.parse(both.stdout) as PkiReport).items.filter((i) => i.action === 'rotate').map((i) => i.name),
    ).toEqual(['kube-scheduler', 'kube-proxy']);

    const bad = await run(cwd, 'cluster.yaml', '--pki', 'state', '--rotate', 'kubelets/nosuch');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("cannot rotate 'kubelets/nosuch'");
    expect((await run(cwd, 'cluster.yaml', '--rotate', 'admin', '--rotate-all-leaves')).code).toBe(2);
  });

  it('an invalid inventory is exit 2 and writes nothing', async () => {
    const cwd = inventoryDir(classicInventoryText().replace('10.0.0.12', '10.0.0.11'));
    const result = await run(cwd, 'cluster.yaml');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('invalid');
    expect(readdirSync(cwd)).toEqual(['cluster.yaml']);
    expect((await run(cwd, 'missing.yaml')).code).toBe(2);
  });

  it('a CA certificate without its key is exit 1 with the reason, and nothing changes', async () => {
    const cwd = inventoryDir();
    expect((await run(cwd, 'cluster.yaml', '--pki', 'state')).code).toBe(0);
    rmSync(join(cwd, 'state/ca.key'));
    const result = await run(cwd, 'cluster.yaml', '--pki', 'state');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/ca\.crt exists without its key/);
    expect(existsSync(join(cwd, 'state/ca.key'))).toBe(false);
  });

  it('refuses while another live process holds the state directory (exit 1)', async () => {
    const cwd = inventoryDir();
    mkdirSync(join(cwd, 'state'));
    // The test runner's parent process: alive, and not this process.
    writeFileSync(join(cwd, 'state/.lock'), `${process.ppid}\n`);
    const result = await run(cwd, 'cluster.yaml', '--pki', 'state');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`in use by process ${process.ppid}`);
  });

  describe('expiry (--check for cron)', () => {
    const DAY = 86_400_000;
    /** A state directory whose leaves were issued `ageDays` ago (one-year leaves). */
    async function aged(ageDays: number): Promise<string> {
      const cwd = inventoryDir();
      const plan = planCluster(
        parseInventory(readFileSync(join(cwd, 'cluster.yaml'), 'utf8'), 'cluster.yaml').inventory!,
      );
      await loadOrIssuePki(plan, join(cwd, 'state'), { now: new Date(Date.now() - ageDays * DAY) });
      return cwd;
    }

    it('exits 1 and names what expires within 30 days; a normal run renews those leaves with their keys', async () => {
      const cwd = await aged(350);
      const key = readFileSync(join(cwd, 'state', 'apiserver.key'), 'utf8');
      const check = await run(cwd, 'cluster.yaml', '--pki', 'state', '--check');
      expect(check.code).toBe(1);
      expect(check.stdout).toMatch(/^expiring within 30 days: .*\bapiserver \(\d{4}-\d{2}-\d{2}\)/m);
      expect(check.stdout).not.toMatch(/expiring within 30 days: .*\bca \(/);
      expect(check.stdout).toContain('(dry run: nothing written)');
      const renew = await run(cwd, 'cluster.yaml', '--pki', 'state');
      expect(renew.code).toBe(0);
      expect(renew.stdout).toMatch(/^ {2}apiserver +reissued .*within the renewal window/m);
      expect(readFileSync(join(cwd, 'state', 'apiserver.key'), 'utf8')).toBe(key);
      const after = await run(cwd, 'cluster.yaml', '--pki', 'state', '--check');
      expect(after.code).toBe(0);
      expect(after.stdout).not.toContain('expiring within');
    }, 120_000);

    it('after re-issuing, names the hosts whose configs carry the new certificates', async () => {
      const cwd = inventoryDir();
      const plan = planCluster(
        parseInventory(readFileSync(join(cwd, 'cluster.yaml'), 'utf8'), 'cluster.yaml').inventory!,
      );
      expect((await run(cwd, 'cluster.yaml', '--pki', 'state')).stdout).not.toContain('deliver again');
      const masters = plan.hosts.filter((h) => h.roles.includes('master')).map((h) => h.name);
      const rotated = await run(cwd, 'cluster.yaml', '--pki', 'state', '--rotate', 'apiserver');
      expect(rotated.code).toBe(0);
      expect(rotated.stdout).toContain(
        `deliver again (certificates re-issued; bootforge generate): ${masters.join(', ')}\n`,
      );
      // The OUT rendered before is stale, and the operator is told what to run and whom to deliver.
      expect(rotated.stdout).toContain(
        'OUT is now stale: files rendered before this run still carry the old apiserver.',
      );
      expect(rotated.stdout).toContain('`bootforge generate cluster.yaml -o OUT` again');
      expect(rotated.stdout).toContain(`then deliver again to ${masters.join(', ')}.`);
      const dry = await run(cwd, 'cluster.yaml', '--pki', 'state', '--dry-run', '--rotate', 'apiserver');
      expect(dry.stdout).not.toContain('OUT is now stale');
      const worker = plan.hosts.find((h) => !h.roles.includes('master'))!.name;
      const token = await run(cwd, 'cluster.yaml', '--pki', 'state', '--rotate', `report-token/${worker}`);
      expect(token.code, token.stderr).toBe(0);
      expect(token.stdout).toContain(`still carry the old report-token/${worker}.`);
      expect(token.stdout).toContain(`then deliver again to ${worker}.`);
      const member = plan.etcdMembers[0]!.name;
      const etcd = await run(cwd, 'cluster.yaml', '--pki', 'state', '--rotate', `etcd/server-${member}`);
      expect(etcd.stdout).toContain(
        `deliver again (certificates re-issued; bootforge generate): ${member}\n`,
      );
    }, 120_000);

    it('--renew re-issues what expires within 90 days with the same keys, names the hosts, and diff shows them', async () => {
      const cwd = await aged(300);
      const gen = captureTerminal({ cwd });
      expect(
        await main(['generate', 'cluster.yaml', '-o', 'out', '--pki', 'state', '--workers', '1'], gen),
      ).toBe(0);
      const key = readFileSync(join(cwd, 'state', 'kube-proxy.key'), 'utf8');
      const crt = readFileSync(join(cwd, 'state', 'kube-proxy.crt'), 'utf8');

      expect((await run(cwd, 'cluster.yaml', '--pki', 'state', '--renew', '--within', '0')).code).toBe(2);
      expect((await run(cwd, 'cluster.yaml', '--pki', 'state', '--within', '30')).code).toBe(2);
      expect((await run(cwd, 'cluster.yaml', '--pki', 'state', '--renew', '--check')).code).toBe(2);
      const narrow = await run(cwd, 'cluster.yaml', '--pki', 'state', '--renew', '--within', '60');
      expect(narrow.stdout).toContain('nothing to issue');

      const dry = await run(cwd, 'cluster.yaml', '--pki', 'state', '--renew', '--dry-run', '--json');
      expect(dry.code).toBe(0);
      const planned = JSON.parse(dry.stdout) as PkiReport & { deliverAgain: string[] };
      expect(planned.items.find((i) => i.name === 'kube-proxy')!.action).toBe('reissue');
      expect(planned.items.filter((i) => i.kind === 'ca').every((i) => i.action === 'keep')).toBe(true);
      expect(readFileSync(join(cwd, 'state', 'kube-proxy.crt'), 'utf8')).toBe(crt);

      const renew = await run(cwd, 'cluster.yaml', '--pki', 'state', '--renew');
      expect(renew.code).toBe(0);
      expect(renew.stdout).toMatch(/^ {2}kube-proxy +reissued .*within --renew 90 days/m);
      expect(renew.stdout).toContain('--renew 90 days: leaf certificates only; CAs are never renewed');
      expect(renew.stdout).toContain(
        `deliver again (certificates re-issued; bootforge generate): ${planned.deliverAgain.join(', ')}\n`,
      );
      expect(readFileSync(join(cwd, 'state', 'kube-proxy.key'), 'utf8')).toBe(key);
      expect(readFileSync(join(cwd, 'state', 'kube-proxy.crt'), 'utf8')).not.toBe(crt);

      const diff = captureTerminal({ cwd });
      expect(await main(['diff', 'cluster.yaml', 'out', '--pki', 'state', '--json'], diff)).toBe(1);
      const changes = (JSON.parse(diff.stdout) as { changes: { host?: string }[] }).changes;
      const hosts = [...new Set(changes.flatMap((c) => (c.host ? [c.host] : [])))].sort();
      expect(hosts).toEqual([...planned.deliverAgain].sort());
      expect(hosts.length).toBeGreaterThan(0);
    }, 240_000);

    it('lists what expires within 90 days without failing', async () => {
      const cwd = await aged(300);
      const check = await run(cwd, 'cluster.yaml', '--pki', 'state', '--check');
      expect(check.code).toBe(0);
      expect(check.stdout).toMatch(/^expiring within 90 days: .*\badmin \(/m);
      expect(check.stdout).not.toContain('expiring within 30 days');
    }, 120_000);
  });
});
