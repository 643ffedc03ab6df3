/**
 * What to do with each CA and leaf given what the state directory holds: pure decisions, shared by
 * the dry run and the real run. The rules: a CA or key that exists is never replaced; a certificate
 * is re-issued only when what it must contain changed, it no longer matches its key or CA, or it
 * is close to expiry, and then it keeps its key unless rotation was asked for.
 */
import type { KeyAlgorithm } from '../inventory/model.js';
import type { CaEntry, LeafEntry } from './catalog.js';
import { DAY_MS, type CertificateProfile } from './certificate-profile.js';
import {
  certificateFacts,
  certificateMatchesKey,
  formatSubject,
  signedBy,
  type CertificateFacts,
} from './certificate-facts.js';
import type { KeyMaterial } from './key-pair.js';
import type { StoredPair } from './state-reader.js';

/** The state directory holds something bootforge must not repair on its own. */
export class PkiStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PkiStateError';
  }
}

export interface Decision<A extends string> {
  action: A;
  reasons: string[];
  notes: string[];
  /** The existing key, reused unless the action creates one. */
  key?: KeyMaterial;
  /** The existing certificate, kept when the action is keep. */
  certificatePem?: string;
  facts?: CertificateFacts;
}

export type CaDecision = Decision<'keep' | 'create' | 'reissue'> & { entry: CaEntry };
export type LeafDecision = Decision<'keep' | 'create' | 'reissue' | 'rotate'> & { entry: LeafEntry };

/** A leaf is renewed when less than this many days remain: 30, or a third of a short lifetime. */
export function renewalWindowDays(days: number): number {
  return Math.min(30, Math.floor(days / 3));
}

/** A CA close to expiry is only reported (renewing a CA is an operator's decision). */
const CA_NOTICE_DAYS = 365;

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function listChange(label: string, want: readonly string[], have: readonly string[]): string[] {
  const added = want.filter((v) => !have.includes(v));
  const removed = have.filter((v) => !want.includes(v));
  if (added.length + removed.length === 0) return [];
  return [`${label} changed: ${[...added.map((v) => `+${v}`), ...removed.map((v) => `-${v}`)].join(' ')}`];
}

/** How a stored certificate differs from what it must contain. */
export function profileDifferences(profile: CertificateProfile, facts: CertificateFacts): string[] {
  const reasons: string[] = [];
  const wantSubject = formatSubject(profile.subject);
  const haveSubject = formatSubject(facts.subject);
  if (wantSubject !== haveSubject) reasons.push(`subject changed: ${haveSubject} -> ${wantSubject}`);
  reasons.push(
    ...listChange(
      'SANs',
      [...profile.dnsNames, ...profile.ipAddresses],
      [...facts.dnsNames, ...facts.ipAddresses],
    ),
  );
  reasons.push(...listChange('extended key usage', profile.usages, [...facts.usages, ...facts.otherUsages]));
  if (profile.isCA !== facts.isCA)
    reasons.push(profile.isCA ? 'not a CA certificate' : 'is a CA certificate');
  return reasons;
}

function algorithmNote(key: KeyMaterial, wanted: KeyAlgorithm, name: string, canRotate: boolean): string[] {
  if (key.algorithm === wanted) return [];
  const how = canRotate ? `; rotate ${name} to replace it` : '; CA keys are never replaced';
  return [`key is ${key.algorithm}, the inventory asks for ${wanted}${how}`];
}

export function decideCa(
  entry: CaEntry,
  stored: StoredPair,
  algorithm: KeyAlgorithm,
  now: Date,
  renewWithinDays?: number,
): CaDecision {
  const { key, certificate } = stored;
  if (key.problem !== undefined) {
    throw new PkiStateError(`${key.path} is not a usable key (${key.problem}); a CA key is never replaced`);
  }
  if (!key.key) {
    if (certificate.pem !== undefined || certificate.problem !== undefined) {
      throw new PkiStateError(
        `${certificate.path} exists without its key ${key.path}: restore the key, or move the certificate away to create a new CA`,
      );
    }
    return { entry, action: 'create', reasons: [], notes: [] };
  }
  const notes = algorithmNote(key.key, algorithm, entry.name, false);
  if (!certificate.x509 || certificate.pem === undefined) {
    const why = certificate.problem
      ? `certificate unreadable (${certificate.problem})`
      : 'certificate missing';
    return {
      entry,
      action: 'reissue',
      reasons: [`${why}; re-created from the existing key`],
      notes,
      key: key.key,
    };
  }
  if (!certificateMatchesKey(certificate.x509, key.key)) {
    throw new PkiStateError(
      `${certificate.path} does not belong to ${key.path}; refusing to guess which one is right`,
    );
  }
  const facts = certificateFacts(certificate.x509);
  const reasons = profileDifferences(entry.profile, facts);
  const remaining = facts.notAfter.getTime() - now.getTime();
  if (remaining <= 0) notes.push(`expired ${isoDate(facts.notAfter)}`);
  else if (remaining < CA_NOTICE_DAYS * DAY_MS) notes.push(`expires ${isoDate(facts.notAfter)}`);
  if (renewWithinDays !== undefined && remaining < renewWithinDays * DAY_MS) {
    notes.push('CAs are not renewed by --renew: renewing a CA is an operator decision');
  }
  return {
    entry,
    action: reasons.length > 0 ? 'reissue' : 'keep',
    reasons,
    notes,
    key: key.key,
    certificatePem: certificate.pem,
    facts,
  };
}

export function decideLeaf(
  entry: LeafEntry,
  stored: StoredPair,
  ca: CaDecision,
  options: { rotate: boolean; algorithm: KeyAlgorithm; now: Date; renewWithinDays?: number },
): LeafDecision {
  const { key, certificate } = stored;
  if (options.rotate) {
    return { entry, action: 'rotate', reasons: ['rotation requested'], notes: [] };
  }
  if (key.problem !== undefined) {
    throw new PkiStateError(
      `${key.path} is not a usable key (${key.problem}); keys are never replaced silently: rotate ${entry.name} to replace it`,
    );
  }
  if (!key.key) {
    const present = certificate.pem !== undefined || certificate.problem !== undefined;
    return { entry, action: 'create', reasons: present ? ['key missing'] : [], notes: [] };
  }
  const notes = algorithmNote(key.key, options.algorithm, entry.name, true);
  const reissue = (reason: string, facts?: CertificateFacts): LeafDecision => ({
    entry,
    action: 'reissue',
    reasons: [reason],
    notes,
    key: key.key,
    ...(facts ? { facts } : {}),
  });
  if (!certificate.x509 || certificate.pem === undefined) {
    return reissue(
      certificate.problem ? `certificate unreadable (${certificate.problem})` : 'certificate missing',
    );
  }
  const facts = certificateFacts(certificate.x509);
  if (!certificateMatchesKey(certificate.x509, key.key))
    return reissue('certificate does not match the key', facts);
  if (ca.action === 'create') return reissue(`its CA ${ca.entry.name} is new`, facts);
  if (!ca.key || !signedBy(certificate.x509, ca.key))
    return reissue(`not signed by the current ${ca.entry.name}`, facts);
  if (formatSubject(facts.issuer) !== formatSubject(ca.entry.profile.subject)) {
    return reissue(`issuer name is not ${formatSubject(ca.entry.profile.subject)}`, facts);
  }
  const reasons = profileDifferences(entry.profile, facts);
  const remaining = facts.notAfter.getTime() - options.now.getTime();
  if (remaining <= 0) reasons.push(`expired ${isoDate(facts.notAfter)}`);
  else if (remaining < renewalWindowDays(entry.profile.days) * DAY_MS) {
    reasons.push(`expires ${isoDate(facts.notAfter)}, within the renewal window`);
  } else if (options.renewWithinDays !== undefined && remaining < options.renewWithinDays * DAY_MS) {
    reasons.push(`expires ${isoDate(facts.notAfter)}, within --renew ${options.renewWithinDays} days`);
  }
  if (reasons.length > 0) return { entry, action: 'reissue', reasons, notes, key: key.key, facts };
  return { entry, action: 'keep', reasons: [], notes, key: key.key, certificatePem: certificate.pem, facts };
}
