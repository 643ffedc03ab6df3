/**
 * What a certificate must contain: subject, SANs, usages, validity. The catalog derives one per
 * certificate from the plan; the issuer turns it into X.509; the store compares stored
 * certificates against it to decide what to re-issue.
 */

export type ExtendedUsage = 'serverAuth' | 'clientAuth';

export interface Subject {
  commonName: string;
  /** O= attributes, in order. */
  organizations: string[];
}

export interface CertificateProfile {
  subject: Subject;
  /** DNS SANs, sorted and unique. */
  dnsNames: string[];
  /** IP SANs, sorted and unique (canonical text form). */
  ipAddresses: string[];
  /** Extended key usages; empty for CAs. */
  usages: ExtendedUsage[];
  isCA: boolean;
  /** Validity in days from issuance. */
  days: number;
}

export const CA_DAYS = 3650;

/**
 * notBefore is set this far in the past so that a host whose clock is slightly behind (first boot,
 * before chrony has synchronised) accepts a certificate issued moments ago.
 */
export const BACKDATE_MS = 5 * 60 * 1000;

export const DAY_MS = 24 * 60 * 60 * 1000;

export const EKU_OIDS: Record<ExtendedUsage, string> = {
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

/** The validity of a certificate issued at `now` with this profile. */
export function validityWindow(profile: CertificateProfile, now: Date): { notBefore: Date; notAfter: Date } {
  return {
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + profile.days * DAY_MS),
  };
}
