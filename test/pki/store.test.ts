/**
 * The state directory rules: a CA or key that exists is never replaced; a certificate is re-issued
 * only when what it must contain changed (then with its old key, unless rotated); adding a host
 * issues only that host's material; a dry run writes nothing.
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  PkiLockedError,
  PkiStateError,
  UnknownLeafError,
  inspectPki,
  loadOrIssuePki,
} from '../../pki/store.js';
import { classicPlan, tempDir } from './fixtures.js';

/** Every file under dir with its content (the lock file is gone after a run). */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    if (statSync(join(dir, f)).isFile()) out.set(f, readFileSync(join(dir, f), 'utf8'));
  }
  return out;
}

function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((n) => before.get(n) !== after.get(n)).sort();
}

const ecdsa = { keyAlgorithm: 'ecdsa', kubeletCredentials: 'static' } as const;

describe('loadOrIssuePki', () => {
  it('running twice keeps every file byte for byte and reports keep for everything', async () => {
    const dir = tempDir();
    const first = await loadOrIssuePki(classicPlan(ecdsa), dir);
    const before = snapshot(dir);
    const second = await loadOrIssuePki(classicPlan(ecdsa), dir);
    expect(changed(before, snapshot(dir))).toEqual([]);
    expect(second.report.items.every((i) => i.action === 'keep')).toBe(true);
    expect(second.report.keysGenerated).toBe(0);
    expect(second.report.certificatesIssued).toBe(0);
    expect(second.pki).toEqual(first.pki);
    expect(first.report.keysGenerated).toBe(3 + 13 + 1);
  });

  it('adding a node issues only that node’s kubelet certificate and key', async () => {
    const dir = tempDir();
    await loadOrIssuePki(classicPlan(ecdsa), dir);
    const before = snapshot(dir);
    const { report, pki } = await loadOrIssuePki(classicPlan({ ...ecdsa, extraNodes: 1 }), dir);
    expect(changed(before, snapshot(dir))).toEqual([
      'kubelets/knode5.crt',
      'kubelets/knode5.key',
      'report-tokens/knode5',
    ]);
    expect(report.items.filter((i) => i.action !== 'keep').map((i) => [i.name, i.action])).toEqual([
      ['kubelets/knode5', 'create'],
      ['report-token/knode5', 'create'],
    ]);
    expect(Object.keys(pki.kubelets).sort()).toEqual(['knode2', 'knode3', 'knode5']);
  });

  it('adding a master re-issues the apiserver certificate with its existing key, nothing else', async () => {
    const dir = tempDir();
    await loadOrIssuePki(classicPlan(ecdsa), dir);
    const before = snapshot(dir);
    const { report } = await loadOrIssuePki(classicPlan({ ...ecdsa, extraMasters: 1 }), dir);
    expect(changed(before, snapshot(dir))).toEqual(['apiserver.crt', 'report-tokens/kmaster2']);
    const apiserver = report.items.find((i) => i.name === 'apiserver')!;
    expect(apiserver.action).toBe('reissue');
    expect(apiserver.reasons).toEqual(['SANs changed: +kmaster2 +10.0.0.31']);
  });

  it('rotation gives the named leaf a new key and certificate; CAs and other leaves stay', async () => {
    const dir = tempDir();
    await loadOrIssuePki(classicPlan(ecdsa), dir);
    const before = snapshot(dir);
    const { report } = await loadOrIssuePki(classicPlan(ecdsa), dir, {
      rotate: ['admin', 'kubelets/knode2'],
    });
    expect(changed(before, snapshot(dir))).toEqual([
      'admin.crt',
      'admin.key',
      'kubelets/knode2.crt',
      'kubelets/knode2.key',
    ]);
    expect(report.items.filter((i) => i.action === 'rotate').map((i) => i.name)).toEqual([
      'admin',
      'kubelets/knode2',
    ]);
  });

  it('rotating every leaf keeps the CAs, the service-account key and the secrets', async () => {
    const dir = tempDir();
    await loadOrIssuePki(classicPlan(ecdsa), dir);
    const before = snapshot(dir);
    await loadOrIssuePki(classicPlan(ecdsa), dir, { rotateAllLeaves: true });
    const kept = [...before.keys()].filter((f) => !changed(before, snapshot(dir)).includes(f));
    expect(kept.sort()).toEqual(
      [
        'bootstrap-token',
        'ca.crt',
        'ca.key',
        'encryption-key',
        'etcd/ca.crt',
        'etcd/ca.key',
        'front-proxy-ca.crt',
        'front-proxy-ca.key',
        'sa.key',
        'sa.pub',
      ].filter((f) => before.has(f)),
    );
  });

  it('refuses unknown rotation names and CAs before writing anything', async () => {
    const dir = join(tempDir(), 'state');
    await expect(loadOrIssuePki(classicPlan(ecdsa), dir, { rotate: ['nope'] })).rejects.toThrow(
      UnknownLeafError,
    );
    await expect(loadOrIssuePki(classicPlan(ecdsa), dir, { rotate: ['ca'] })).rejects.toThrow(
      /CAs are never rotated/,
    );
    expect(() => readdirSync(dir)).toThrow(/ENOENT/);
  });

  it('re-creates a missing CA certificate from the existing CA key; leaves stay valid and untouched', async () => {
    const dir = tempDir();
    await loadOrIssuePki(classicPlan(ecdsa), dir);
    rmSync(join(dir, 'ca.crt'));
    const before = snapshot(dir);
    const { report } = await loadOrIssuePki(classicPlan(ecdsa), dir);
    expect(changed(before, snapshot(dir))).toEqual(['ca.crt']);
    expect(report.items.find((i) => i.name === 'ca')!.action).toBe('reissue');
  });

  it('a missing leaf certificate is re-issued for the existing key', async () => {
    const dir = tempDir();
    await loadOrIssuePki(classicPlan(ecdsa), dir);
    rmSync(join(dir, 'kube-proxy.crt'));
    const before = snapshot(dir);
    const { report } = await loadOrIssuePki(classicPlan(ecdsa), dir);
    expect(changed(before, snapshot(dir))).toEqual(['kube-proxy.crt']);
    expect(report.items.find((i) => i.name === 'kube-proxy')!.reasons).toEqual(['certificate missing']);
  });

  it('refuses a CA certificate without its key instead of creating a second CA', async () => {
    const dir = tempDir();
    await loadOrIssuePki(classicPlan(ecdsa), dir);
    rmSync(join(dir, 'etcd/ca.key'));
    const before = snapshot(dir);
    await expect(loadOrIssuePki(classicPlan(ecdsa), dir)).rejects.toThrow(PkiStateError);
    expect(changed(before, snapshot(dir))).toEqual([]);
  });

  it('refuses to replace an unreadable key unless rotation is asked for', async () => {
    const dir = tempDir();
    await loadOrIssuePki(classicPlan(ecdsa), dir);
    writeFileSync(join(dir, 'admin.key'), 'garbage', { mode: 0o600 });
    await expect(loadOrIssuePki(classicPlan(ecdsa), dir)).rejects.toThrow(/rotate admin/);
    const { report } = await loadOrIssuePki(classicPlan(ecdsa), dir, { rotate: ['admin'] });
    expect(report.items.find((i) => i.name === 'admin')!.action).toBe('rotate');
    expect(readFileSync(join(dir, 'admin.key'), 'utf8')).toContain('BEGIN EC PRIVATE KEY');
  });

  it('renews a certificate inside its renewal window, keeping the key', async () => {
    const dir = tempDir();
    const issued = new Date('2026-01-01T00:00:00Z');
    await loadOrIssuePki(classicPlan(ecdsa), dir, { now: issued });
    const before = snapshot(dir);
    const later = new Date(issued.getTime() + 340 * 86_400_000);
    const { report } = await loadOrIssuePki(classicPlan(ecdsa), dir, { now: later });
    const renewed = report.items.filter((i) => i.action === 'reissue');
    expect(renewed.length).toBe(13);
    expect(renewed[0]!.reasons[0]).toMatch(/^expires 2027-01-01, within the renewal window$/);
    expect(changed(before, snapshot(dir)).every((f) => f.endsWith('.crt'))).toBe(true);
    // CAs (10 years) are not renewed.
    expect(report.items.filter((i) => i.kind === 'ca').map((i) => i.action)).toEqual([
      'keep',
      'keep',
      'keep',
    ]);
  });

  it('keeps existing keys when the key algorithm changes, and says how to replace them', async () => {
    const dir = tempDir();
    await loadOrIssuePki(classicPlan(ecdsa), dir);
    const before = snapshot(dir);
    const { report } = await loadOrIssuePki(classicPlan({ ...ecdsa, keyAlgorithm: 'rsa' }), dir);
    expect(changed(before, snapshot(dir))).toEqual([]);
    expect(report.items.find((i) => i.name === 'admin')!.notes).toEqual([
      'key is ecdsa, the inventory asks for rsa; rotate admin to replace it',
    ]);
  });

  it('bootstrap mode: no node keys, a bootstrap token kept across runs, not in the static token file', async () => {
    const dir = tempDir();
    const plan = classicPlan({ keyAlgorithm: 'ecdsa', kubeletCredentials: 'bootstrap' });
    const { pki } = await loadOrIssuePki(plan, dir);
    expect(pki.kubelets).toEqual({});
    expect(readdirSync(join(dir, 'kubelets'))).toEqual([]);
    const token = pki.bootstrapToken!;
    expect(`${token.id}.${token.secret}`).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    expect(readFileSync(join(dir, 'bootstrap-token'), 'utf8')).toBe(`${token.id}.${token.secret}\n`);
    expect(statSync(join(dir, 'bootstrap-token')).mode & 0o777).toBe(0o600);
    // It must expire with its Secret: a known_tokens.csv line would keep it valid forever.
    expect(pki.staticTokens).toEqual([]);
    expect((await loadOrIssuePki(plan, dir)).pki.bootstrapToken).toEqual(token);
  });

  it('leaves certificates of removed hosts in place and reports them unused', async () => {
    const dir = tempDir();
    await loadOrIssuePki(classicPlan({ ...ecdsa, extraNodes: 1 }), dir);
    const { report } = await loadOrIssuePki(classicPlan(ecdsa), dir);
    expect(report.items.filter((i) => i.action === 'unused').map((i) => i.name)).toEqual([
      'kubelets/knode5',
      'report-token/knode5',
    ]);
    expect(readdirSync(join(dir, 'report-tokens'))).toContain('knode5');
    expect(readdirSync(join(dir, 'kubelets')).sort()).toContain('knode5.key');
  });

  it('refuses to run while another live process holds the lock, takes over a stale one', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.lock'), `${process.ppid}\n`);
    await expect(loadOrIssuePki(classicPlan(ecdsa), dir)).rejects.toThrow(PkiLockedError);
    // A pid that cannot exist (above pid_max) stands for a killed owner.
    writeFileSync(join(dir, '.lock'), '99999999\n');
    await loadOrIssuePki(classicPlan(ecdsa), dir);
    expect(readdirSync(dir)).not.toContain('.lock');
  });

  it('removes temporary files left by an interrupted run', async () => {
    const dir = tempDir();
    await loadOrIssuePki(classicPlan(ecdsa), dir);
    writeFileSync(join(dir, 'etcd', '.peer-knode4.key.123.abcd.bootforge-tmp'), 'half a ke');
    await loadOrIssuePki(classicPlan(ecdsa), dir);
    expect(readdirSync(join(dir, 'etcd')).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});

describe('inspectPki (dry run)', () => {
  it('reports what would be issued and writes nothing, not even the directory', async () => {
    const dir = join(tempDir(), 'state');
    const report = await inspectPki(classicPlan(ecdsa), dir);
    expect(report.dryRun).toBe(true);
    // CAs, leaves, sa, encryption key, one report token per host.
    expect(report.items.filter((i) => i.action === 'create').length).toBe(3 + 13 + 1 + 1 + 4);
    expect(report.keysGenerated).toBe(17);
    expect(report.secretsWritten).toBe(1 + 4);
    expect(() => readdirSync(dir)).toThrow(/ENOENT/);
  });

  it('after a run, predicts exactly what the next run does', async () => {
    const dir = tempDir();
    await loadOrIssuePki(classicPlan(ecdsa), dir);
    const plan = classicPlan({ ...ecdsa, extraNodes: 2, extraMasters: 1 });
    const before = snapshot(dir);
    const predicted = await inspectPki(plan, dir);
    expect(changed(before, snapshot(dir))).toEqual([]);
    const actual = (await loadOrIssuePki(plan, dir)).report;
    const summary = (r: typeof actual): string[][] =>
      r.items.map((i) => [i.name, i.action, i.reasons.join('; ')]);
    expect(summary(predicted)).toEqual(summary(actual));
    expect(predicted.keysGenerated).toBe(2);
    expect(predicted.certificatesIssued).toBe(3);
  });
});
