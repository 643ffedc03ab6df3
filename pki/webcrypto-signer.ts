/**
 * X.509 with @peculiar/x509 on Node's WebCrypto: the path for ECDSA P-256 keys (node-forge cannot
 * sign with ECDSA) and for any mix of RSA and EC between issuer and subject.
 */
import { createPrivateKey, webcrypto } from 'node:crypto';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import forge from 'node-forge';
import type { KeyMaterial } from './key-pair.js';
import { subjectAttributes } from './forge-signer.js';
import {
  extendedUsageOids,
  keyUsages,
  type IssuingAuthority,
  type SigningRequest,
} from './signing-request.js';

const { subtle } = webcrypto;

const KEY_USAGE_FLAGS = {
  digitalSignature: x509.KeyUsageFlags.digitalSignature,
  keyEncipherment: x509.KeyUsageFlags.keyEncipherment,
  keyCertSign: x509.KeyUsageFlags.keyCertSign,
  cRLSign: x509.KeyUsageFlags.cRLSign,
} as const;

function signingAlgorithm(key: KeyMaterial): webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams {
  return key.algorithm === 'rsa'
    ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
    : { name: 'ECDSA', namedCurve: 'P-256' };
}

const signingKeys = new WeakMap<KeyMaterial, Promise<webcrypto.CryptoKey>>();
const issuerNames = new WeakMap<IssuingAuthority, x509.Name>();

function signingKey(key: KeyMaterial): Promise<webcrypto.CryptoKey> {
  let cached = signingKeys.get(key);
  if (!cached) {
    const pkcs8 = createPrivateKey(key.privateKeyPem).export({ type: 'pkcs8', format: 'der' });
    cached = subtle.importKey('pkcs8', pkcs8, signingAlgorithm(key), false, ['sign']);
    signingKeys.set(key, cached);
  }
  return cached;
}

function issuerName(issuer: IssuingAuthority): x509.Name {
  let cached = issuerNames.get(issuer);
  if (!cached) {
    // Taken from the CA certificate itself: the issuer DN must match the CA subject byte for byte.
    cached = new x509.X509Certificate(issuer.certificatePem).subjectName;
    issuerNames.set(issuer, cached);
  }
  return cached;
}

/** The subject DN encoded exactly as the forge backend encodes it. */
function subjectName(request: SigningRequest): x509.Name {
  const asn1 = forge.pki.distinguishedNameToAsn1({ attributes: subjectAttributes(request) });
  return new x509.Name(Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary'));
}

function extensions(request: SigningRequest): x509.Extension[] {
  const { profile, subjectKey, issuer } = request;
  const flags = keyUsages(profile, subjectKey).reduce((sum, u) => sum | KEY_USAGE_FLAGS[u], 0);
  const list: x509.Extension[] = [
    new x509.BasicConstraintsExtension(profile.isCA, undefined, true),
    new x509.KeyUsagesExtension(flags, true),
  ];
  if (profile.usages.length > 0)
    list.push(new x509.ExtendedKeyUsageExtension(extendedUsageOids(profile.usages)));
  list.push(new x509.SubjectKeyIdentifierExtension(subjectKey.keyId));
  if (issuer) list.push(new x509.AuthorityKeyIdentifierExtension(issuer.key.keyId));
  if (profile.dnsNames.length + profile.ipAddresses.length > 0) {
    list.push(
      new x509.SubjectAlternativeNameExtension([
        ...profile.dnsNames.map((value) => ({ type: 'dns' as const, value })),
        ...profile.ipAddresses.map((value) => ({ type: 'ip' as const, value })),
      ]),
    );
  }
  return list;
}

export async function signWithWebCrypto(request: SigningRequest): Promise<string> {
  const signer = request.issuer?.key ?? request.subjectKey;
  const subject = subjectName(request);
  const cert = await x509.X509CertificateGenerator.create(
    {
      serialNumber: request.serialHex,
      subject,
      issuer: request.issuer ? issuerName(request.issuer) : subject,
      notBefore: request.notBefore,
      notAfter: request.notAfter,
      publicKey: request.subjectKey.publicKeyDer,
      signingKey: await signingKey(signer),
      signingAlgorithm:
        signer.algorithm === 'rsa' ? signingAlgorithm(signer) : { name: 'ECDSA', hash: 'SHA-256' },
      extensions: extensions(request),
    },
    webcrypto,
  );
  return cert.toString('pem') + '\n';
}
