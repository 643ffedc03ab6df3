/**
 * X.509 with node-forge, for RSA issuers and RSA subject keys. forge builds and encodes the
 * certificate; the RSA private-key operation of the signature runs in Node's native crypto
 * (forge's pure-JavaScript RSA is ~50x slower and would dominate large runs).
 */
import { constants, createPrivateKey, privateEncrypt } from 'node:crypto';
import forge from 'node-forge';
import type { KeyMaterial } from './key-pair.js';
import {
  assertPrintable,
  keyUsages,
  NAME_OIDS,
  type IssuingAuthority,
  type SigningRequest,
} from './signing-request.js';

/** DER prefix of a PKCS#1 v1.5 DigestInfo for SHA-256 (RFC 8017 9.2 note 1). */
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

const signers = new WeakMap<KeyMaterial, forge.pki.rsa.PrivateKey>();
const issuerNames = new WeakMap<IssuingAuthority, forge.pki.CertificateField[]>();

/** A forge RSA key whose sign() runs natively (RSASSA-PKCS1-v1_5 with SHA-256). */
function nativeSigner(key: KeyMaterial): forge.pki.rsa.PrivateKey {
  const cached = signers.get(key);
  if (cached) return cached;
  const keyObject = createPrivateKey(key.privateKeyPem);
  const parsed = forge.pki.privateKeyFromPem(key.privateKeyPem);
  const signer: forge.pki.rsa.PrivateKey = {
    ...parsed,
    sign(md) {
      if (typeof md === 'string' || md.algorithm !== 'sha256') throw new Error('expected a SHA-256 digest');
      const digest = Buffer.from(md.digest().getBytes(), 'binary');
      const digestInfo = Buffer.concat([SHA256_DIGEST_INFO, digest]);
      return privateEncrypt({ key: keyObject, padding: constants.RSA_PKCS1_PADDING }, digestInfo).toString(
        'binary',
      );
    },
  };
  signers.set(key, signer);
  return signer;
}

function issuerName(issuer: IssuingAuthority): forge.pki.CertificateField[] {
  const cached = issuerNames.get(issuer);
  if (cached) return cached;
  // Parsed attributes keep their string types, so the issuer DN is byte-identical to the CA subject.
  const attributes = forge.pki.certificateFromPem(issuer.certificatePem).subject.attributes;
  issuerNames.set(issuer, attributes);
  return attributes;
}

export function subjectAttributes(request: SigningRequest): forge.pki.CertificateField[] {
  const { subject } = request.profile;
  const values = [
    ...subject.organizations.map((value) => ({ type: NAME_OIDS.organization, shortName: 'O', value })),
    { type: NAME_OIDS.commonName, shortName: 'CN', value: subject.commonName },
  ];
  for (const v of values) assertPrintable(v.value);
  return values;
}

function octetString(hex: string): forge.asn1.Asn1 {
  return forge.asn1.create(
    forge.asn1.Class.UNIVERSAL,
    forge.asn1.Type.OCTETSTRING,
    false,
    forge.util.hexToBytes(hex),
  );
}

function extensions(request: SigningRequest): object[] {
  const { profile, subjectKey, issuer } = request;
  const list: object[] = [
    { name: 'basicConstraints', cA: profile.isCA, critical: true },
    {
      name: 'keyUsage',
      critical: true,
      ...Object.fromEntries(keyUsages(profile, subjectKey).map((u) => [u, true])),
    },
  ];
  if (profile.usages.length > 0) {
    // forge names serverAuth/clientAuth exactly as our ExtendedUsage values.
    list.push({ name: 'extKeyUsage', ...Object.fromEntries(profile.usages.map((u) => [u, true])) });
  }
  list.push({ id: '2.5.29.14', critical: false, value: octetString(subjectKey.keyId) });
  if (issuer) {
    const keyIdentifier = forge.asn1.create(
      forge.asn1.Class.CONTEXT_SPECIFIC,
      0,
      false,
      forge.util.hexToBytes(issuer.key.keyId),
    );
    list.push({
      id: '2.5.29.35',
      critical: false,
      value: forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SEQUENCE, true, [keyIdentifier]),
    });
  }
  if (profile.dnsNames.length + profile.ipAddresses.length > 0) {
    list.push({
      name: 'subjectAltName',
      altNames: [
        ...profile.dnsNames.map((value) => ({ type: 2, value })),
        ...profile.ipAddresses.map((ip) => ({ type: 7, ip })),
      ],
    });
  }
  return list;
}

export function signWithForge(request: SigningRequest): string {
  const signingKey = request.issuer?.key ?? request.subjectKey;
  if (signingKey.algorithm !== 'rsa' || request.subjectKey.algorithm !== 'rsa') {
    throw new Error('the node-forge backend signs RSA keys only');
  }
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(request.subjectKey.publicKeyPem);
  cert.serialNumber = request.serialHex;
  cert.validity.notBefore = request.notBefore;
  cert.validity.notAfter = request.notAfter;
  const subject = subjectAttributes(request);
  cert.setSubject(subject);
  cert.setIssuer(request.issuer ? issuerName(request.issuer) : subject);
  cert.setExtensions(extensions(request));
  cert.sign(nativeSigner(signingKey), forge.md.sha256.create());
  // node-forge ends PEM lines with CRLF; every other tool (and the ECDSA path) writes LF.
  return forge.pki.certificateToPem(cert).replaceAll('\r\n', '\n');
}
