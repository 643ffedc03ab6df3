/**
 * What a stored certificate actually contains, read with Node's native X509Certificate, in the
 * same terms as a CertificateProfile so the two can be compared.
 */
import { X509Certificate, createPublicKey, type KeyObject } from 'node:crypto';
import { children, DerError, readTlv } from './der.js';
import { isIP } from 'node:net';
import { EKU_OIDS, type ExtendedUsage, type Subject } from './certificate-profile.js';
import type { KeyMaterial } from './key-pair.js';

export interface CertificateFacts {
  subject: Subject;
  issuer: Subject;
  dnsNames: string[];
  ipAddresses: string[];
  /** Extended key usages we know; others are listed by OID in `otherUsages`. */
  usages: ExtendedUsage[];
  otherUsages: string[];
  isCA: boolean;
  notBefore: Date;
  notAfter: Date;
  serialHex: string;
}

/** Canonical text of an IP address: IPv4 dotted, IPv6 as eight lower-case groups, no compression. */
export function canonicalIp(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const [head = '', tail] = ip.toLowerCase().split('::');
  const groups = (s: string): string[] =>
    s === '' ? [] : s.split(':').map((g) => parseInt(g, 16).toString(16));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  return [
    ...left,
    ...new Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'),
    ...right,
  ].join(':');
}

function parseSubject(text: string): Subject {
  const subject: Subject = { commonName: '', organizations: [] };
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    const key = line.slice(0, eq);
    const value = line.slice(eq + 1);
    if (key === 'CN') subject.commonName = value;
    else if (key === 'O') subject.organizations.push(value);
  }
  return subject;
}

function parseAltNames(text: string | undefined): { dnsNames: string[]; ipAddresses: string[] } {
  const dnsNames: string[] = [];
  const ipAddresses: string[] = [];
  for (const part of (text ?? '').split(', ')) {
    if (part.startsWith('DNS:')) dnsNames.push(part.slice(4));
    else if (part.startsWith('IP Address:')) ipAddresses.push(canonicalIp(part.slice(11)));
  }
  return { dnsNames, ipAddresses };
}

const USAGE_BY_OID = new Map<string, ExtendedUsage>(
  Object.entries(EKU_OIDS).map(([usage, oid]) => [oid, usage as ExtendedUsage]),
);

export function certificateFacts(cert: X509Certificate): CertificateFacts {
  const ekus = cert.keyUsage ?? [];
  return {
    subject: parseSubject(cert.subject),
    issuer: parseSubject(cert.issuer),
    ...parseAltNames(cert.subjectAltName),
    usages: ekus.flatMap((oid) => USAGE_BY_OID.get(oid) ?? []),
    otherUsages: ekus.filter((oid) => !USAGE_BY_OID.has(oid)),
    isCA: cert.ca,
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
    serialHex: cert.serialNumber.toLowerCase(),
  };
}

/** The certificate's SubjectPublicKeyInfo, DER, read straight from the certificate bytes. */
export function certificatePublicKeyDer(cert: X509Certificate): Buffer {
  const der = cert.raw;
  const tbs = children(der, readTlv(der, 0))[0];
  if (!tbs) throw new DerError('malformed certificate');
  const fields = children(der, tbs);
  // [0] version is present in every v3 certificate: version, serial, signature, issuer, validity, subject, spki.
  const spki = fields[fields[0]?.tag === 0xa0 ? 6 : 5];
  if (!spki) throw new DerError('malformed certificate');
  return der.subarray(spki.offset, spki.end);
}

/** Does the certificate carry this key's public half? */
export function certificateMatchesKey(cert: X509Certificate, key: KeyMaterial): boolean {
  return certificatePublicKeyDer(cert).equals(key.publicKeyDer);
}

const publicKeys = new WeakMap<KeyMaterial, KeyObject>();

/** Is the certificate signed by this CA key? */
export function signedBy(cert: X509Certificate, caKey: KeyMaterial): boolean {
  let publicKey = publicKeys.get(caKey);
  if (!publicKey) {
    publicKey = createPublicKey({ key: caKey.publicKeyDer, format: 'der', type: 'spki' });
    publicKeys.set(caKey, publicKey);
  }
  try {
    return cert.verify(publicKey);
  } catch {
    return false;
  }
}

export function formatSubject(subject: Subject): string {
  return [`CN=${subject.commonName}`, ...subject.organizations.map((o) => `O=${o}`)].join(', ');
}
