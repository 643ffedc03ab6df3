/**
 * The in-memory PKI that validate renders with has the real PKI's shape and sizes, so a size
 * limit is checked against the bytes generate will write; it writes nothing.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lookAlikePki } from '../../pki/look-alike.js';
import type { ClusterPki } from '../../pki/model.js';
import { loadOrIssuePki } from '../../pki/store.js';
import { classicPlan } from './fixtures.js';

const scratch = mkdtempSync(join(tmpdir(), 'bootforge-look-alike-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Every PEM in the PKI by where it sits, with its length. */
function sizes(pki: ClusterPki): Map<string, number> {
  const out = new Map<string, number>();
  const visit = (value: unknown, at: string): void => {
    if (typeof value === 'string') {
      if (value.includes('-----BEGIN')) out.set(at, value.length);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, `${at}.${k}`);
    }
  };
  visit(pki, 'pki');
  return out;
}

describe('lookAlikePki', () => {
  for (const algorithm of ['rsa', 'ecdsa'] as const) {
    it(`${algorithm}: every PEM the real PKI has, each within a few bytes of its size; nothing written`, async () => {
      const plan = classicPlan({ keyAlgorithm: algorithm, extraNodes: algorithm === 'rsa' ? 0 : 3 });
      const before = readdirSync(scratch);
      const alike = await lookAlikePki(plan);
      expect(readdirSync(scratch)).toEqual(before);
      const { pki } = await loadOrIssuePki(plan, join(scratch, algorithm));
      const real = sizes(pki);
      const fake = sizes(alike);
      expect([...fake.keys()].sort()).toEqual([...real.keys()].sort());
      for (const [at, length] of real)
        expect(Math.abs((fake.get(at) ?? 0) - length), at).toBeLessThanOrEqual(8);
      // Real certificates, with the real names.
      const apiserver = new X509Certificate(alike.apiserver.cert);
      expect(apiserver.subjectAltName).toBe(new X509Certificate(pki.apiserver.cert).subjectAltName);
      expect(alike.encryptionKey).toHaveLength(pki.encryptionKey.length);
    }, 60_000);
  }
});
