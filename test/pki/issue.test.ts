/**
 * The issued PKI checked with openssl against the reference table (k8s-reference.md section 3,
 * kubeadm certlist.go): every leaf verifies against its CA; subject, SANs, key usage, extended key
 * usage, basic constraints, key identifiers and validity are what the table says.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KeyAlgorithm } from '../../inventory/model.js';
import type { ClusterPki } from '../../pki/model.js';
import { loadOrIssuePki } from '../../pki/store.js';
import { classicPlan, haveTool, tempDir } from './fixtures.js';
import { normalisedPublicKey, publicKeyOfCertificate, publicKeyOfKey, verify, view } from './openssl.js';

const SERVER = 'TLS Web Server Authentication';
const CLIENT = 'TLS Web Client Authentication';
const DAY = 86_400_000;

interface Row {
  name: string;
  ca: 'ca' | 'etcd/ca' | 'front-proxy-ca';
  subject: string;
  eku: string[];
  sans: string[];
}

const CAS = [
  { name: 'ca', subject: 'CN = kubernetes' },
  { name: 'etcd/ca', subject: 'CN = etcd-ca' },
  { name: 'front-proxy-ca', subject: 'CN = front-proxy-ca' },
];

/** examples/classic.yaml plus an apiserver endpoint and extra SANs. */
const LEAVES: Row[] = [
  {
    name: 'apiserver',
    ca: 'ca',
    subject: 'CN = kube-apiserver',
    eku: [SERVER],
    sans: [
      'DNS:k8s.example.com',
      'DNS:knode1',
      'DNS:kubernetes',
      'DNS:kubernetes.default',
      'DNS:kubernetes.default.svc',
      'DNS:kubernetes.default.svc.cluster.local',
      'DNS:lb.example.com',
      'IP Address:10.0.0.11',
      'IP Address:10.0.0.100',
      'IP Address:10.254.0.1',
      'IP Address:127.0.0.1',
    ],
  },
  {
    name: 'apiserver-kubelet-client',
    ca: 'ca',
    subject: 'O = system:masters, CN = kube-apiserver-kubelet-client',
    eku: [CLIENT],
    sans: [],
  },
  {
    name: 'apiserver-etcd-client',
    ca: 'etcd/ca',
    subject: 'CN = kube-apiserver-etcd-client',
    eku: [CLIENT],
    sans: [],
  },
  {
    name: 'front-proxy-client',
    ca: 'front-proxy-ca',
    subject: 'CN = front-proxy-client',
    eku: [CLIENT],
    sans: [],
  },
  { name: 'etcd/flannel-client', ca: 'etcd/ca', subject: 'CN = flannel', eku: [CLIENT], sans: [] },
  {
    name: 'etcd/server-knode4',
    ca: 'etcd/ca',
    subject: 'CN = knode4',
    eku: [SERVER, CLIENT],
    sans: ['DNS:knode4', 'DNS:localhost', 'IP Address:10.0.0.14', 'IP Address:127.0.0.1'],
  },
  {
    name: 'etcd/peer-knode4',
    ca: 'etcd/ca',
    subject: 'CN = knode4',
    eku: [SERVER, CLIENT],
    sans: ['DNS:knode4', 'IP Address:10.0.0.14'],
  },
  { name: 'admin', ca: 'ca', subject: 'O = system:masters, CN = admin', eku: [CLIENT], sans: [] },
  {
    name: 'kube-controller-manager',
    ca: 'ca',
    subject: 'CN = system:kube-controller-manager',
    eku: [CLIENT],
    sans: [],
  },
  { name: 'kube-scheduler', ca: 'ca', subject: 'CN = system:kube-scheduler', eku: [CLIENT], sans: [] },
  { name: 'kube-proxy', ca: 'ca', subject: 'CN = system:kube-proxy', eku: [CLIENT], sans: [] },
  {
    name: 'kubelets/knode2',
    ca: 'ca',
    subject: 'O = system:nodes, CN = system:node:knode2',
    eku: [SERVER, CLIENT],
    sans: ['DNS:knode2', 'IP Address:10.0.0.12'],
  },
  {
    name: 'kubelets/knode3',
    ca: 'ca',
    subject: 'O = system:nodes, CN = system:node:knode3',
    eku: [SERVER, CLIENT],
    sans: ['DNS:knode3', 'IP Address:10.0.0.13'],
  },
];

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
}

const hasOpenssl = haveTool('openssl');

describe.skipIf(!hasOpenssl).each(['rsa', 'ecdsa'] as const)(
  '%s PKI for examples/classic.yaml',
  (algorithm: KeyAlgorithm) => {
    const dir = tempDir();
    const now = new Date();
    let pki: ClusterPki;
    const crt = (name: string): string => join(dir, `${name}.crt`);
    const key = (name: string): string => join(dir, `${name}.key`);

    beforeAll(async () => {
      const plan = classicPlan({
        keyAlgorithm: algorithm,
        kubeletCredentials: 'static',
        apiServerSANs: ['k8s.example.com', '10.0.0.100'],
        apiServerEndpoint: 'lb.example.com:6443',
      });
      ({ pki } = await loadOrIssuePki(plan, dir, { now }));
    }, 120_000);

    it('writes exactly the certificates of the table, each with its key', () => {
      const certificates = files(dir).filter((f) => f.endsWith('.crt'));
      expect(certificates).toEqual(
        [...CAS.map((c) => c.name), ...LEAVES.map((l) => l.name)].map((n) => `${n}.crt`).sort(),
      );
      for (const c of certificates) expect(files(dir)).toContain(c.replace(/\.crt$/, '.key'));
    });

    it.each(CAS)(
      'CA $name: self-signed, CA:TRUE critical, keyCertSign and cRLSign, 10 years',
      ({ name, subject }) => {
        const v = view(crt(name));
        expect(v.subject).toBe(subject);
        expect(v.issuer).toBe(subject);
        expect(v.basicConstraints).toBe('critical CA:TRUE');
        expect(v.keyUsage).toEqual(['critical', 'Digital Signature', 'Certificate Sign', 'CRL Sign']);
        expect(v.extendedKeyUsage).toEqual([]);
        expect(Math.round((v.notAfter.getTime() - now.getTime()) / DAY)).toBe(3650);
        expect(verify(crt(name), crt(name)).ok).toBe(true);
        expect(publicKeyOfCertificate(crt(name))).toBe(publicKeyOfKey(key(name)));
      },
    );

    it.each(LEAVES)('$name: verifies against $ca and matches the table', (row) => {
      const v = view(crt(row.name));
      const result = verify(crt(row.ca), crt(row.name));
      expect(result.output).toContain(': OK');
      expect(result.ok).toBe(true);
      expect(v.subject).toBe(row.subject);
      expect(v.issuer).toBe(CAS.find((c) => c.name === row.ca)!.subject);
      expect([...v.sans].sort()).toEqual([...row.sans].sort());
      expect(v.extendedKeyUsage).toEqual(row.eku);
      expect(v.basicConstraints).toBe('critical CA:FALSE');
      expect(v.keyUsage).toEqual(
        algorithm === 'rsa'
          ? ['critical', 'Digital Signature', 'Key Encipherment']
          : ['critical', 'Digital Signature'],
      );
      // One year by default (cluster.pki.leafDays), backdated five minutes for clock skew.
      expect(Math.round((v.notAfter.getTime() - now.getTime()) / DAY)).toBe(365);
      expect(now.getTime() - v.notBefore.getTime()).toBeGreaterThanOrEqual(0);
      expect(now.getTime() - v.notBefore.getTime()).toBeLessThanOrEqual(10 * 60_000);
      expect(v.authorityKeyId).toBe(view(crt(row.ca)).subjectKeyId);
      expect(v.subjectKeyId).toMatch(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
      // A positive 128-bit serial (openssl prints it in hex without a sign).
      expect(v.serial).toMatch(/^[0-7][0-9A-F]{31}$/);
      expect(publicKeyOfCertificate(crt(row.name))).toBe(publicKeyOfKey(key(row.name)));
      expect(v.text).toContain(algorithm === 'rsa' ? 'rsaEncryption' : 'id-ecPublicKey');
    });

    it('the apiserver certificate covers the kubernetes Service IP (first IP of the service CIDR)', () => {
      expect(view(crt('apiserver')).sans).toContain('IP Address:10.254.0.1');
    });

    it('a leaf does not verify against another CA', () => {
      expect(verify(crt('ca'), crt('apiserver-etcd-client')).ok).toBe(false);
      expect(verify(crt('etcd/ca'), crt('apiserver')).ok).toBe(false);
      expect(verify(crt('ca'), crt('front-proxy-client')).ok).toBe(false);
    });

    it('writes private keys and tokens 0600 and directories 0700; the service-account key is RSA', () => {
      for (const f of files(dir)) {
        const mode = statSync(join(dir, f)).mode & 0o777;
        const secret = f.endsWith('.key') || f === 'encryption-key' || f.startsWith('report-tokens/');
        expect({ f, mode }).toEqual({ f, mode: secret ? 0o600 : 0o644 });
      }
      for (const d of [dir, join(dir, 'etcd'), join(dir, 'kubelets'), join(dir, 'report-tokens')])
        expect(statSync(d).mode & 0o777).toBe(0o700);
      expect(publicKeyOfKey(join(dir, 'sa.key'))).toBe(normalisedPublicKey(join(dir, 'sa.pub')));
      expect(publicKeyOfKey(join(dir, 'sa.key'))).toBe(pki.serviceAccount.publicKey);
      expect(pki.serviceAccount.privateKey).toContain('BEGIN RSA PRIVATE KEY');
    });

    it('returns the same material it wrote', () => {
      expect(Object.keys(pki.kubelets).sort()).toEqual(['knode2', 'knode3']);
      expect(Object.keys(pki.etcdServer)).toEqual(['knode4']);
      expect(pki.encryptionKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      expect(pki.bootstrapToken).toBeUndefined();
      expect(pki.staticTokens).toEqual([]);
    });
  },
);
