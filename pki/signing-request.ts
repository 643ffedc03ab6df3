/**
 * The input of certificate signing, shared by both X.509 backends: everything that ends up in the
 * certificate is decided here, so the two backends produce the same extensions.
 */
import type { CertificateProfile, ExtendedUsage } from './certificate-profile.js';
import { EKU_OIDS } from './certificate-profile.js';
import type { KeyMaterial } from './key-pair.js';

/** A CA that signs: its certificate and key. */
export interface IssuingAuthority {
  certificatePem: string;
  key: KeyMaterial;
}

export interface SigningRequest {
  profile: CertificateProfile;
  subjectKey: KeyMaterial;
  /** Absent for a self-signed CA certificate. */
  issuer?: IssuingAuthority;
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
}

export type KeyUsageName = 'digitalSignature' | 'keyEncipherment' | 'keyCertSign' | 'cRLSign';

/**
 * CAs: digitalSignature, keyCertSign, cRLSign (as kubeadm). Leaves: digitalSignature, plus
 * keyEncipherment for RSA keys (RSA key exchange); an EC key cannot encipher.
 */
export function keyUsages(profile: CertificateProfile, subjectKey: KeyMaterial): KeyUsageName[] {
  if (profile.isCA) return ['digitalSignature', 'keyCertSign', 'cRLSign'];
  return subjectKey.algorithm === 'rsa' ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature'];
}

export function extendedUsageOids(usages: readonly ExtendedUsage[]): string[] {
  return usages.map((u) => EKU_OIDS[u]);
}

/** Certificate subject attribute types, as OIDs. */
export const NAME_OIDS = { organization: '2.5.4.10', commonName: '2.5.4.3' } as const;

/**
 * PrintableString characters (X.680). Names are encoded as PrintableString, as Go's crypto/x509
 * does for such values; every name bootforge issues (DNS labels, system:* identities) fits.
 */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]+$/;

export function assertPrintable(value: string): void {
  if (!PRINTABLE.test(value)) throw new Error(`certificate name '${value}' is not a PrintableString`);
}
