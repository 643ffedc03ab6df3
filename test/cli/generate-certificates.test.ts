/**
 * Every certificate a generated host receives (PEM files, and the *-data fields of its
 * kubeconfigs), read back from its real user-data (cloud-init: the one config format both examples'
 * families take; CentOS 7 cannot boot Ignition), is accepted by `openssl verify` against the
 * cluster's CAs; and it holds its own identity (a node its kubelet, an etcd member its own
 * server certificate). Both examples: classic (RSA, static kubelet certificates) and ha (ECDSA,
 * TLS bootstrap).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureTerminal } from '../../cli/terminal.js';
import type { Manifest } from '../../emit/manifest.js';
import { parseUserData } from '../generators/support/parse-cloud-init.js';
import { hasTool } from '../generators/support/tools.js';

const repo = path.resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'bootforge-generate-certs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const PEM = /-----BEGIN CERTIFICATE-----\n[^-]+-----END CERTIFICATE-----\n?/g;

interface HostCert {
  host: string;
  where: string;
  pem: string;
}

/** Every certificate in a host's user-data: PEM blocks in files, and kubeconfig *-data fields. */
function hostCertificates(host: string, userData: string): HostCert[] {
  const found: HostCert[] = [];
  for (const [file, entry] of Object.entries(parseUserData(userData).layout.files)) {
    const text = entry.content ?? '';
    for (const m of text.matchAll(PEM)) found.push({ host, where: file, pem: m[0] });
    if (/^kind: Config$/m.test(text)) {
      const doc = load(text) as {
        clusters: { cluster: Record<string, string> }[];
        users: { user: Record<string, string> }[];
      };
      const fields = [
        ...doc.clusters.map((c) => c.cluster['certificate-authority-data']),
        ...doc.users.map((u) => u.user['client-certificate-data']),
      ];
      for (const b64 of fields) {
        if (b64)
          found.push({ host, where: `${file} (embedded)`, pem: Buffer.from(b64, 'base64').toString() });
      }
    }
  }
  return found;
}

function subjectOf(pemFile: string): string {
  return spawnSync('openssl', ['x509', '-in', pemFile, '-noout', '-subject'], { encoding: 'utf8' }).stdout;
}

describe.skipIf(!hasTool('openssl')).each(['classic', 'ha'])('certificates on the hosts of %s', (example) => {
  let out: string;
  let manifest: Manifest;
  let bundle: string;

  beforeAll(async () => {
    const dir = path.join(scratch, example);
    cpSync(path.join(repo, 'examples'), dir, { recursive: true });
    const code = await main(['generate', `${example}.yaml`, '-o', 'out'], captureTerminal({ cwd: dir }));
    expect(code).toBe(0);
    out = path.join(dir, 'out');
    manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as Manifest;
    bundle = path.join(dir, 'cas.pem');
    writeFileSync(
      bundle,
      ['ca.crt', 'etcd-ca.crt', 'front-proxy-ca.crt']
        .map((f) => readFileSync(path.join(out, 'cluster', f)))
        .join(''),
    );
  }, 180_000);

  it('openssl verify accepts every certificate a host receives, and each host has its own identity', () => {
    let checked = 0;
    for (const host of manifest.hosts) {
      const certs = hostCertificates(
        host.name,
        readFileSync(path.join(out, 'hosts', host.name, 'user-data'), 'utf8'),
      );
      expect(certs.length, host.name).toBeGreaterThan(0);
      const subjects: string[] = [];
      certs.forEach((c, i) => {
        const file = path.join(out, '..', `${host.name}-${i}.pem`);
        writeFileSync(file, c.pem);
        const r = spawnSync('openssl', ['verify', '-CAfile', bundle, file], { encoding: 'utf8' });
        expect(r.status, `${host.name} ${c.where}: ${r.stdout}${r.stderr}`).toBe(0);
        subjects.push(subjectOf(file));
        checked++;
      });
      if (host.roles.includes('etcd')) expect(subjects.join('')).toContain(`CN = ${host.name}`);
      const staticKubelet = example === 'classic' && host.roles.includes('node');
      if (staticKubelet) expect(subjects.join('')).toContain(`CN = system:node:${host.name}`);
    }
    expect(checked).toBeGreaterThan(manifest.hosts.length * 2);
  }, 120_000); // one openssl process per certificate: ~100 of them for ha
});
