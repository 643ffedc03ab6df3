/**
 * Both X.509 backends (node-forge for RSA, @peculiar/x509 on WebCrypto when an EC key is involved)
 * produce certificates openssl accepts, with the same extensions, and an issuer name that is the
 * CA's subject byte for byte (Go, i.e. etcd and Kubernetes, chains by raw name bytes).
 */
import { X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CertificateProfile } from '../../pki/certificate-profile.js';
import { children, readTlv } from '../../pki/der.js';
import { generateKey, keyFromPem } from '../../pki/key-pair.js';
import { randomSerialHex } from '../../pki/serial.js';
import { signCertificate } from '../../pki/sign.js';
import { haveTool, tempDir } from './fixtures.js';
import { openssl, verify, view } from './openssl.js';

const CA: CertificateProfile = {
  subject: { commonName: 'kubernetes', organizations: [] },
  dnsNames: [],
  ipAddresses: [],
  usages: [],
  isCA: true,
  days: 10,
};
const LEAF: CertificateProfile = {
  subject: { commonName: 'system:node:knode2', organizations: ['system:nodes'] },
  dnsNames: ['knode2'],
  ipAddresses: ['10.0.0.12', 'fd00:0:0:0:0:0:0:1'],
  usages: ['serverAuth', 'clientAuth'],
  isCA: false,
  days: 1,
};

/** The DER bytes of the tbsCertificate's issuer or subject Name. */
function rawName(pem: string, which: 'issuer' | 'subject'): string {
  const der = new X509Certificate(pem).raw;
  const tbs = children(der, readTlv(der, 0))[0]!;
  const fields = children(der, tbs);
  // [0] version, serial, signature algorithm, issuer, validity, subject, ...
  const name = fields[which === 'issuer' ? 3 : 5]!;
  return Buffer.from(der.subarray(name.start, name.end)).toString('hex');
}

const hasOpenssl = haveTool('openssl');

describe.skipIf(!hasOpenssl)('signCertificate', () => {
  const now = new Date();
  const window = {
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + 86_400_000),
  };

  it.each([
    ['rsa', 'rsa'],
    ['ecdsa', 'ecdsa'],
    ['rsa', 'ecdsa'],
    ['ecdsa', 'rsa'],
  ] as const)('%s CA signs a %s leaf that openssl verifies', async (caAlgorithm, leafAlgorithm) => {
    const caKey = await generateKey(caAlgorithm);
    const ca = await signCertificate({
      profile: CA,
      subjectKey: caKey,
      serialHex: randomSerialHex(),
      ...window,
    });
    const leafKey = await generateKey(leafAlgorithm);
    const leaf = await signCertificate({
      profile: LEAF,
      subjectKey: leafKey,
      issuer: { certificatePem: ca, key: caKey },
      serialHex: randomSerialHex(),
      ...window,
    });
    for (const pem of [ca, leaf]) {
      // One PEM block with LF line endings (node-forge writes CRLF unless told otherwise).
      expect(pem).not.toContain('\r');
      expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n$/);
    }
    const dir = tempDir();
    writeFileSync(join(dir, 'ca.crt'), ca);
    writeFileSync(join(dir, 'leaf.crt'), leaf);
    expect(verify(join(dir, 'ca.crt'), join(dir, 'leaf.crt')).ok).toBe(true);
    expect(rawName(leaf, 'issuer')).toBe(rawName(ca, 'subject'));
    expect(rawName(ca, 'issuer')).toBe(rawName(ca, 'subject'));

    const v = view(join(dir, 'leaf.crt'));
    expect(v.subject).toBe('O = system:nodes, CN = system:node:knode2');
    expect(v.sans).toEqual(['DNS:knode2', 'IP Address:10.0.0.12', 'IP Address:FD00:0:0:0:0:0:0:1']);
    expect(v.extendedKeyUsage).toEqual(['TLS Web Server Authentication', 'TLS Web Client Authentication']);
    expect(v.basicConstraints).toBe('critical CA:FALSE');
    expect(v.authorityKeyId.replace(/:/g, '').toLowerCase()).toBe(caKey.keyId);
    expect(v.subjectKeyId.replace(/:/g, '').toLowerCase()).toBe(leafKey.keyId);
    expect(v.text).toContain(caAlgorithm === 'rsa' ? 'sha256WithRSAEncryption' : 'ecdsa-with-SHA256');
    const caView = view(join(dir, 'ca.crt'));
    expect(caView.basicConstraints).toBe('critical CA:TRUE');
    // A self-signed CA carries no authority key identifier (as Go's x509 and kubeadm).
    expect(caView.authorityKeyId).toBe('');
  });

  it('derives the key identifier as openssl does (SHA-1 of the public key bits)', async () => {
    for (const algorithm of ['rsa', 'ecdsa'] as const) {
      const key = await generateKey(algorithm);
      const dir = tempDir();
      writeFileSync(join(dir, 'own.key'), key.privateKeyPem);
      // openssl req -x509 computes the subject key identifier itself (subjectKeyIdentifier=hash).
      openssl([
        'req',
        '-x509',
        '-new',
        '-key',
        join(dir, 'own.key'),
        '-subj',
        '/CN=x',
        '-days',
        '1',
        '-out',
        join(dir, 'ref.crt'),
      ]);
      const reference = view(join(dir, 'ref.crt')).subjectKeyId;
      expect(reference).not.toBe('');
      expect(reference.replace(/:/g, '').toLowerCase()).toBe(keyFromPem(key.privateKeyPem).keyId);
      expect(key.keyId).toBe(keyFromPem(key.privateKeyPem).keyId);
    }
  });
});
