/**
 * `--renew` in the store (renewWithinDays): leaves that expire within the window are re-issued
 * with their own keys, judged by the real openssl (new notAfter, same public key, still verifies
 * against the unchanged CA); leaves outside it and every CA are left alone, and a CA inside it
 * gets a note, never a new certificate.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectPki, loadOrIssuePki } from '../../pki/store.js';
import { classicPlan, tempDir } from './fixtures.js';
import { publicKeyOfCertificate, publicKeyOfKey, verify, view } from './openssl.js';

const DAY = 86_400_000;
const plan = classicPlan({ keyAlgorithm: 'ecdsa', kubeletCredentials: 'static' });

/** A state directory issued `ageDays` ago (one-year leaves, ten-year CAs). */
async function aged(ageDays: number, now: Date): Promise<string> {
  const dir = tempDir('bootforge-renew-');
  await loadOrIssuePki(plan, dir, { now: new Date(now.getTime() - ageDays * DAY) });
  return dir;
}

describe('renewWithinDays (bootforge pki --renew)', () => {
  it('re-issues the leaves inside the window with their keys; CAs and keys stay byte for byte', async () => {
    const now = new Date();
    const dir = await aged(300, now);
    const leaves = ['apiserver', 'admin', 'kube-proxy', 'kubelets/knode2', 'etcd/server-knode4'];
    const before = new Map(
      [...leaves, 'ca', 'etcd/ca', 'front-proxy-ca'].map((n) => [
        n,
        {
          crt: readFileSync(join(dir, `${n}.crt`), 'utf8'),
          key: readFileSync(join(dir, `${n}.key`), 'utf8'),
          notAfter: view(join(dir, `${n}.crt`)).notAfter,
        },
      ]),
    );
    // 65 days left: inside 90, outside the automatic 30-day window.
    expect((await inspectPki(plan, dir, { now })).items.every((i) => i.action === 'keep')).toBe(true);

    const dry = await inspectPki(plan, dir, { now, renewWithinDays: 90 });
    expect(dry.items.filter((i) => i.kind === 'certificate' && i.action === 'reissue')).toHaveLength(
      dry.items.filter((i) => i.kind === 'certificate').length,
    );
    const untouched = readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();

    const { report } = await loadOrIssuePki(plan, dir, { now, renewWithinDays: 90 });
    expect(report.keysGenerated).toBe(0);
    const apiserver = report.items.find((i) => i.name === 'apiserver')!;
    expect(apiserver.action).toBe('reissue');
    expect(apiserver.reasons).toEqual([
      expect.stringMatching(/^expires \d{4}-\d{2}-\d{2}, within --renew 90 days$/),
    ]);
    for (const ca of report.items.filter((i) => i.kind === 'ca')) {
      expect(ca.action).toBe('keep');
    }
    // No file appeared or vanished (no temporaries left), only certificates changed.
    expect(readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()).toEqual(untouched);
    expect(existsSync(join(dir, '.lock'))).toBe(false);

    for (const [name, old] of before) {
      const crt = join(dir, `${name}.crt`);
      expect(readFileSync(join(dir, `${name}.key`), 'utf8')).toBe(old.key);
      if (name.endsWith('ca')) {
        expect(readFileSync(crt, 'utf8')).toBe(old.crt);
        continue;
      }
      const fresh = view(crt);
      // A year from now (give or take the test's own run time), where the old one had 65 days.
      expect(Math.abs(fresh.notAfter.getTime() - (now.getTime() + 365 * DAY))).toBeLessThan(2000);
      expect(fresh.notAfter.getTime() - old.notAfter.getTime()).toBeGreaterThan(299 * DAY);
      expect(publicKeyOfCertificate(crt)).toBe(publicKeyOfKey(join(dir, `${name}.key`)));
      const issuer = name.startsWith('etcd/') ? 'etcd/ca' : 'ca';
      expect(verify(join(dir, `${issuer}.crt`), crt).ok).toBe(true);
    }

    // Renewed: the next --renew finds nothing to do.
    const again = await inspectPki(plan, dir, { now, renewWithinDays: 90 });
    expect(again.items.every((i) => i.action === 'keep')).toBe(true);
  }, 120_000);

  it('a narrower window leaves the leaves alone; a CA inside the window is only noted', async () => {
    const now = new Date();
    const dir = await aged(300, now);
    const narrow = await inspectPki(plan, dir, { now, renewWithinDays: 60 });
    expect(narrow.items.filter((i) => i.action !== 'keep')).toEqual([]);
    // 3,350 days left on the CAs: a window wider than that reaches them.
    const wide = await loadOrIssuePki(plan, dir, { now, renewWithinDays: 4000 });
    const ca = wide.report.items.find((i) => i.name === 'ca')!;
    expect(ca.action).toBe('keep');
    expect(ca.notes).toContain('CAs are not renewed by --renew: renewing a CA is an operator decision');
    expect(wide.report.items.find((i) => i.name === 'admin')!.action).toBe('reissue');
  }, 120_000);
});
