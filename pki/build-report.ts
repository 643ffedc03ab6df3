/**
 * The PkiReport of a run from its survey: one item per CA, leaf, key pair and secret, plus files
 * no longer needed. Pure.
 */
import type { KeyAlgorithm } from '../inventory/model.js';
import { validityWindow } from './certificate-profile.js';
import { formatSubject } from './certificate-facts.js';
import type { CaDecision, LeafDecision } from './decide.js';
import type { PkiReport, PkiReportItem } from './report.js';
import { BOOTSTRAP_TOKEN_FILE, ENCRYPTION_KEY_FILE } from './state-layout.js';
import type { Survey } from './survey.js';

const SECRET_DESCRIPTIONS: Record<string, string> = {
  [ENCRYPTION_KEY_FILE]: 'AES-256 key for Secrets at rest (encryption-config.yaml)',
  [BOOTSTRAP_TOKEN_FILE]: 'kubelet TLS bootstrap token',
};

function reportItem(
  decision: CaDecision | LeafDecision,
  kind: 'ca' | 'certificate',
  algorithm: KeyAlgorithm,
  now: Date,
): PkiReportItem {
  const { entry } = decision;
  const kept = decision.action === 'keep';
  const notAfter =
    kept && decision.facts ? decision.facts.notAfter : validityWindow(entry.profile, now).notAfter;
  return {
    name: entry.name,
    kind,
    action: decision.action,
    reasons: decision.reasons,
    notes: decision.notes,
    ...('issuer' in entry ? { issuer: entry.issuer } : {}),
    subject: formatSubject(entry.profile.subject),
    keyAlgorithm: decision.key?.algorithm ?? algorithm,
    notAfter: notAfter.toISOString(),
    ...(decision.facts ? { currentNotAfter: decision.facts.notAfter.toISOString() } : {}),
  };
}

export function buildReport(stateDir: string, s: Survey, now: Date, dryRun: boolean): PkiReport {
  const algorithm = s.catalog.keyAlgorithm;
  const items: PkiReportItem[] = [
    ...s.cas.map((d) => reportItem(d, 'ca', algorithm, now)),
    ...s.leaves.map((d) => reportItem(d, 'certificate', algorithm, now)),
    {
      name: 'sa',
      kind: 'key-pair',
      action: s.serviceAccount.action,
      reasons: s.serviceAccount.reasons,
      notes: [],
      description: 'service-account token signing key pair (RSA)',
      keyAlgorithm: 'rsa',
    },
    ...[s.encryptionKey, ...(s.bootstrapToken ? [s.bootstrapToken] : [])].map((d): PkiReportItem => ({
      name: d.name,
      kind: 'secret',
      action: d.action,
      reasons: [],
      notes: [],
      description: SECRET_DESCRIPTIONS[d.name] ?? d.name,
    })),
    ...s.reportTokens.map((d): PkiReportItem => ({
      name: d.name,
      kind: 'secret',
      action: d.action,
      reasons: d.reasons,
      notes: [],
      description: `install report token of host ${d.host} (${d.file})`,
    })),
    ...s.unused.map((name): PkiReportItem => ({
      name,
      kind: 'certificate',
      action: 'unused',
      reasons: [],
      notes: ['no longer in the inventory; left in place'],
    })),
    ...s.unusedReportTokens.map((name): PkiReportItem => ({
      name,
      kind: 'secret',
      action: 'unused',
      reasons: [],
      notes: ['host no longer in the inventory; left in place'],
    })),
  ];
  const newKey = (a: string): boolean => a === 'create' || a === 'rotate';
  const signed = (a: string): boolean => a === 'create' || a === 'rotate' || a === 'reissue';
  const pairs = [...s.cas, ...s.leaves];
  return {
    stateDir,
    dryRun,
    items,
    keysGenerated:
      pairs.filter((d) => newKey(d.action)).length + (s.serviceAccount.action === 'create' ? 1 : 0),
    certificatesIssued: pairs.filter((d) => signed(d.action)).length,
    secretsWritten: [
      s.encryptionKey,
      ...(s.bootstrapToken ? [s.bootstrapToken] : []),
      ...s.reportTokens,
    ].filter((d) => d.action !== 'keep').length,
  };
}
