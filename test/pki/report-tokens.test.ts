/**
 * Per-host install report tokens in the PKI state directory: one per host, 43 base64url
 * characters (32 random bytes), 0600 in a 0700 directory, created once and kept across runs,
 * replaced only by --rotate report-token/<host> or --rotate-all-leaves, never shown in a report.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PkiStateError, UnknownLeafError, inspectPki, loadOrIssuePki } from '../../pki/store.js';
import { formatPkiReport } from '../../pki/format-report.js';
import { isReportToken } from '../../pki/tokens.js';
import { classicPlan, tempDir } from './fixtures.js';

const ecdsa = { keyAlgorithm: 'ecdsa', kubeletCredentials: 'static' } as const;
const HOSTS = ['knode1', 'knode2', 'knode3', 'knode4'];

function tokenFile(dir: string, host: string): string {
  return readFileSync(join(dir, 'report-tokens', host), 'utf8');
}

describe('report tokens', () => {
  it('one per host, 32 random bytes base64url, 0600 in a 0700 directory, in ClusterPki', async () => {
    const dir = tempDir();
    const { pki, report } = await loadOrIssuePki(classicPlan(ecdsa), dir);
    expect(Object.keys(pki.reportTokens)).toEqual(HOSTS);
    for (const host of HOSTS) {
      const token = pki.reportTokens[host]!;
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
      expect(isReportToken(token)).toBe(true);
      expect(tokenFile(dir, host)).toBe(`${token}\n`);
      expect(statSync(join(dir, 'report-tokens', host)).mode & 0o777).toBe(0o600);
    }
    expect(statSync(join(dir, 'report-tokens')).mode & 0o777).toBe(0o700);
    expect(new Set(Object.values(pki.reportTokens)).size).toBe(HOSTS.length);
    expect(
      report.items.filter((i) => i.name.startsWith('report-token/')).map((i) => [i.name, i.kind, i.action]),
    ).toEqual(HOSTS.map((h) => [`report-token/${h}`, 'secret', 'create']));
  });

  it('are kept byte for byte across runs', async () => {
    const dir = tempDir();
    const first = await loadOrIssuePki(classicPlan(ecdsa), dir);
    const second = await loadOrIssuePki(classicPlan(ecdsa), dir);
    expect(second.pki.reportTokens).toEqual(first.pki.reportTokens);
    expect(second.report.secretsWritten).toBe(0);
    expect(
      second.report.items.filter((i) => i.name.startsWith('report-token/')).map((i) => i.action),
    ).toEqual(HOSTS.map(() => 'keep'));
  });

  it('--rotate report-token/<host> replaces that token only; the file path spelling works too', async () => {
    const dir = tempDir();
    const first = (await loadOrIssuePki(classicPlan(ecdsa), dir)).pki.reportTokens;
    const { pki, report } = await loadOrIssuePki(classicPlan(ecdsa), dir, {
      rotate: ['report-token/knode2'],
    });
    expect(pki.reportTokens['knode2']).not.toBe(first['knode2']);
    expect(isReportToken(pki.reportTokens['knode2']!)).toBe(true);
    expect(tokenFile(dir, 'knode2')).toBe(`${pki.reportTokens['knode2']}\n`);
    expect(statSync(join(dir, 'report-tokens', 'knode2')).mode & 0o777).toBe(0o600);
    for (const host of ['knode1', 'knode3', 'knode4']) expect(pki.reportTokens[host]).toBe(first[host]);
    expect(report.items.filter((i) => i.action !== 'keep').map((i) => [i.name, i.action])).toEqual([
      ['report-token/knode2', 'rotate'],
    ]);
    expect(report.keysGenerated + report.certificatesIssued).toBe(0);
    expect(report.secretsWritten).toBe(1);
    const again = await loadOrIssuePki(classicPlan(ecdsa), dir, { rotate: ['report-tokens/knode3'] });
    expect(again.pki.reportTokens['knode3']).not.toBe(first['knode3']);
    expect(again.pki.reportTokens['knode2']).toBe(pki.reportTokens['knode2']);
  });

  it('--rotate-all-leaves rotates every report token', async () => {
    const dir = tempDir();
    const first = (await loadOrIssuePki(classicPlan(ecdsa), dir)).pki.reportTokens;
    const { pki } = await loadOrIssuePki(classicPlan(ecdsa), dir, { rotateAllLeaves: true });
    for (const host of HOSTS) expect(pki.reportTokens[host]).not.toBe(first[host]);
  });

  it('refuses a token of an unknown host before writing anything', async () => {
    const dir = join(tempDir(), 'state');
    await expect(
      loadOrIssuePki(classicPlan(ecdsa), dir, { rotate: ['report-token/nosuchhost'] }),
    ).rejects.toThrow(UnknownLeafError);
    await expect(
      loadOrIssuePki(classicPlan(ecdsa), dir, { rotate: ['report-token/nosuchhost'] }),
    ).rejects.toThrow(/report-token\/knode1/);
    expect(() => readdirSync(dir)).toThrow(/ENOENT/);
  });

  it('a malformed token is never replaced silently; rotating it repairs it', async () => {
    const dir = tempDir();
    await loadOrIssuePki(classicPlan(ecdsa), dir);
    writeFileSync(join(dir, 'report-tokens', 'knode3'), 'half-a-tok');
    await expect(loadOrIssuePki(classicPlan(ecdsa), dir)).rejects.toThrow(PkiStateError);
    await expect(loadOrIssuePki(classicPlan(ecdsa), dir)).rejects.toThrow(/--rotate report-token\/knode3/);
    expect(tokenFile(dir, 'knode3')).toBe('half-a-tok');
    const { pki, report } = await loadOrIssuePki(classicPlan(ecdsa), dir, {
      rotate: ['report-token/knode3'],
    });
    expect(isReportToken(pki.reportTokens['knode3']!)).toBe(true);
    expect(report.items.find((i) => i.name === 'report-token/knode3')!.reasons).toEqual([
      'the stored token is malformed',
    ]);
  });

  it('a missing token file is created again for that host only', async () => {
    const dir = tempDir();
    const first = (await loadOrIssuePki(classicPlan(ecdsa), dir)).pki.reportTokens;
    const { rmSync } = await import('node:fs');
    rmSync(join(dir, 'report-tokens', 'knode4'));
    const { pki, report } = await loadOrIssuePki(classicPlan(ecdsa), dir);
    expect(report.items.filter((i) => i.action !== 'keep').map((i) => i.name)).toEqual([
      'report-token/knode4',
    ]);
    expect(pki.reportTokens['knode1']).toBe(first['knode1']);
    expect(pki.reportTokens['knode4']).not.toBe(first['knode4']);
  });

  it('dry runs and reports list the tokens, never their values', async () => {
    const dir = tempDir();
    const predicted = await inspectPki(classicPlan(ecdsa), dir, { rotate: ['report-token/knode1'] });
    expect(predicted.items.find((i) => i.name === 'report-token/knode1')!.action).toBe('create');
    const { pki, report } = await loadOrIssuePki(classicPlan(ecdsa), dir);
    const dry = await inspectPki(classicPlan(ecdsa), dir, { rotate: ['report-token/knode1'] });
    expect(dry.items.find((i) => i.name === 'report-token/knode1')!.action).toBe('rotate');
    expect(dry.secretsWritten).toBe(1);
    expect(tokenFile(dir, 'knode1')).toBe(`${pki.reportTokens['knode1']}\n`);
    const texts = [
      JSON.stringify(report),
      JSON.stringify(dry),
      formatPkiReport(report),
      formatPkiReport(dry),
    ];
    for (const text of texts) {
      for (const token of Object.values(pki.reportTokens)) expect(text).not.toContain(token);
    }
    expect(formatPkiReport(dry)).toMatch(/report-token\/knode1 +rotate/);
    expect(formatPkiReport(dry)).toContain('would write 1 secrets');
  });
});
