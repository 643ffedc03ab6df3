/**
 * The PKI state directory: load what exists, issue what is missing or out of date, write it
 * atomically, and hand back the ClusterPki. See decide.ts for the rules and state-layout.ts for
 * the files.
 *
 * Crash safety: every file appears complete or not at all (atomic-file.ts). Keys are written
 * before the certificates that carry them (a leaf key may land before its CA exists, which is
 * harmless), and new keys only through create-only links, so a run killed at any moment leaves
 * either nothing, a key without its certificate (the next run issues the certificate for that
 * key), or a complete pair. A CA key is never generated when one exists.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyAlgorithm } from '../inventory/model.js';
import type { ClusterPlan } from '../plan/model.js';
import { assemble } from './assemble.js';
import {
  createFile,
  ensureDirectory,
  PUBLIC_MODE,
  removeStaleTemporaries,
  replaceFile,
  SECRET_MODE,
  syncDirectory,
} from './atomic-file.js';
import { buildReport } from './build-report.js';
import { pkiCatalog, type CaName } from './catalog.js';
import { validityWindow, type CertificateProfile } from './certificate-profile.js';
import { mapConcurrent } from './concurrency.js';
import { PkiStateError, type CaDecision, type LeafDecision } from './decide.js';
import { generateKey, type KeyMaterial } from './key-pair.js';
import type { CertKeyPair, ClusterPki } from './model.js';
import type { PkiReport } from './report.js';
import { randomSerialHex } from './serial.js';
import { signCertificate, type IssuingAuthority } from './sign.js';
import { acquireStateLock } from './state-lock.js';
import {
  certificatePath,
  keyPath,
  SERVICE_ACCOUNT_KEY,
  SERVICE_ACCOUNT_PUBLIC_KEY,
  SUBDIRECTORIES,
} from './state-layout.js';
import {
  LEAF_CONCURRENCY,
  rotationSet,
  survey,
  type PkiOptions,
  type ReportTokenDecision,
  type SecretDecision,
  type Survey,
} from './survey.js';
import {
  formatBootstrapToken,
  generateBootstrapToken,
  generateEncryptionKey,
  generateReportToken,
  parseBootstrapToken,
} from './tokens.js';

export { PkiStateError } from './decide.js';
export { PkiLockedError } from './state-lock.js';
export { UnknownLeafError, type PkiOptions } from './survey.js';

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** True when realising the survey writes anything (a key, a certificate, a token). */
function surveyWrites(s: Survey): boolean {
  return (
    s.cas.some((d) => d.action !== 'keep') ||
    s.leaves.some((d) => d.action !== 'keep') ||
    s.serviceAccount.action !== 'keep' ||
    s.encryptionKey.action !== 'keep' ||
    (s.bootstrapToken !== undefined && s.bootstrapToken.action !== 'keep') ||
    s.reportTokens.some((d) => d.action !== 'keep')
  );
}

/** What a run would do, without writing anything (the state directory may not exist). */
export async function inspectPki(
  plan: ClusterPlan,
  stateDir: string,
  options: PkiOptions = {},
): Promise<PkiReport> {
  const now = options.now ?? new Date();
  return buildReport(stateDir, await survey(plan, stateDir, options, now), now, true);
}

async function sign(
  profile: CertificateProfile,
  subjectKey: KeyMaterial,
  issuer: IssuingAuthority | undefined,
  now: Date,
): Promise<string> {
  return signCertificate({
    profile,
    subjectKey,
    ...(issuer ? { issuer } : {}),
    serialHex: randomSerialHex(),
    ...validityWindow(profile, now),
  });
}

/** Write a brand-new key; it must not exist (we hold the lock and read the directory after). */
async function writeNewKey(path: string, key: KeyMaterial): Promise<void> {
  if (!(await createFile(path, key.privateKeyPem, SECRET_MODE))) {
    throw new PkiStateError(`${path} appeared while issuing; is another tool writing the state directory?`);
  }
}

async function realizeCa(
  stateDir: string,
  d: CaDecision,
  algorithm: KeyAlgorithm,
  now: Date,
): Promise<IssuingAuthority> {
  if (d.action === 'keep' && d.key && d.certificatePem !== undefined) {
    return { certificatePem: d.certificatePem, key: d.key };
  }
  let key = d.key;
  if (d.action === 'create' || !key) {
    key = await generateKey(algorithm);
    await writeNewKey(keyPath(stateDir, d.entry.name), key);
  }
  const certificatePem = await sign(d.entry.profile, key, undefined, now);
  await replaceFile(certificatePath(stateDir, d.entry.name), certificatePem, PUBLIC_MODE);
  return { certificatePem, key };
}

async function realizeLeaf(
  stateDir: string,
  d: LeafDecision,
  authorities: Promise<Map<CaName, IssuingAuthority>>,
  algorithm: KeyAlgorithm,
  now: Date,
): Promise<CertKeyPair> {
  if (d.action === 'keep' && d.key && d.certificatePem !== undefined) {
    return { cert: d.certificatePem, key: d.key.privateKeyPem };
  }
  let key = d.key;
  if (d.action === 'create' || d.action === 'rotate' || !key) {
    key = await generateKey(algorithm);
    const path = keyPath(stateDir, d.entry.name);
    if (d.action === 'rotate') await replaceFile(path, key.privateKeyPem, SECRET_MODE);
    else await writeNewKey(path, key);
  }
  // The key does not depend on the CA; only the signature waits for it.
  const issuer = (await authorities).get(d.entry.issuer)!;
  const cert = await sign(d.entry.profile, key, issuer, now);
  await replaceFile(certificatePath(stateDir, d.entry.name), cert, PUBLIC_MODE);
  return { cert, key: key.privateKeyPem };
}

async function realizeSecret(stateDir: string, d: SecretDecision, generate: () => string): Promise<string> {
  if (d.action === 'keep' && d.value !== undefined) return d.value;
  const value = generate();
  if (!(await createFile(join(stateDir, d.name), `${value}\n`, SECRET_MODE))) {
    throw new PkiStateError(`${join(stateDir, d.name)} appeared while issuing`);
  }
  return value;
}

/**
 * A host's report token: kept, or written crash-safely (temporary file, fsync, then link for a new
 * one, so an existing token is never overwritten, or rename for a rotation).
 */
async function realizeReportToken(stateDir: string, d: ReportTokenDecision): Promise<string> {
  if (d.action === 'keep' && d.value !== undefined) return d.value;
  const value = generateReportToken();
  const path = join(stateDir, d.file);
  if (d.action === 'rotate') await replaceFile(path, `${value}\n`, SECRET_MODE);
  else if (!(await createFile(path, `${value}\n`, SECRET_MODE))) {
    throw new PkiStateError(`${path} appeared while issuing`);
  }
  return value;
}

async function syncAll(stateDir: string): Promise<void> {
  await Promise.all([stateDir, ...SUBDIRECTORIES.map((s) => join(stateDir, s))].map(syncDirectory));
}

/**
 * Load the cluster's PKI from `stateDir`, issuing whatever is missing or out of date first.
 * Throws PkiStateError when the directory holds something it must not repair on its own (a CA
 * certificate without its key, an unreadable key), PkiLockedError when another run holds it,
 * UnknownLeafError for a bad rotation name.
 */
export async function loadOrIssuePki(
  plan: ClusterPlan,
  stateDir: string,
  options: PkiOptions = {},
): Promise<{ pki: ClusterPki; report: PkiReport }> {
  const now = options.now ?? new Date();
  // Fail on a bad rotation name before touching the disk.
  rotationSet(pkiCatalog(plan), options);
  const directories = [stateDir, ...SUBDIRECTORIES.map((s) => join(stateDir, s))];
  const missing = (await Promise.all(directories.map(isDirectory))).some((present) => !present);
  // Creating the state directory is the first write: the caller's last check comes before it.
  if (missing) await options.beforeIssue?.();
  for (const directory of directories) await ensureDirectory(directory);
  const release = await acquireStateLock(stateDir);
  try {
    await removeStaleTemporaries(stateDir);
    const s = await survey(plan, stateDir, options, now);
    if (!missing && surveyWrites(s)) await options.beforeIssue?.();
    const algorithm = s.catalog.keyAlgorithm;
    // The service-account key (always RSA) is generated alongside everything else.
    const newSaKey =
      s.serviceAccount.action === 'create' || !s.serviceAccount.key ? generateKey('rsa') : undefined;

    // CA, leaf and service-account keys are all generated at once, in parallel; a leaf waits for
    // its CA only to be signed, and CAs are durable before anything they sign is written.
    const caPhase = (async () => {
      const ready = new Map<CaName, IssuingAuthority>();
      await Promise.all(
        s.cas.map(async (d) => ready.set(d.entry.name, await realizeCa(stateDir, d, algorithm, now))),
      );
      await syncAll(stateDir);
      return ready;
    })();
    const [authorities, leaves] = await Promise.all([
      caPhase,
      mapConcurrent(s.leaves, LEAF_CONCURRENCY, async (d) => ({
        entry: d.entry,
        pair: await realizeLeaf(stateDir, d, caPhase, algorithm, now),
      })),
    ]);

    let saKey = s.serviceAccount.key;
    if (newSaKey || !saKey) {
      saKey = await (newSaKey ?? generateKey('rsa'));
      await writeNewKey(join(stateDir, SERVICE_ACCOUNT_KEY), saKey);
    }
    if (s.serviceAccount.action !== 'keep') {
      await replaceFile(join(stateDir, SERVICE_ACCOUNT_PUBLIC_KEY), saKey.publicKeyPem, PUBLIC_MODE);
    }
    const encryptionKey = await realizeSecret(stateDir, s.encryptionKey, generateEncryptionKey);
    const bootstrapToken = s.bootstrapToken
      ? parseBootstrapToken(
          await realizeSecret(stateDir, s.bootstrapToken, () =>
            formatBootstrapToken(generateBootstrapToken()),
          ),
        )
      : undefined;
    const tokens = await mapConcurrent(
      s.reportTokens,
      LEAF_CONCURRENCY,
      async (d) => [d.host, await realizeReportToken(stateDir, d)] as const,
    );
    await syncAll(stateDir);

    const caPairs = new Map(
      [...authorities].map(
        ([name, a]) => [name, { cert: a.certificatePem, key: a.key.privateKeyPem }] as const,
      ),
    );
    const pki = assemble(
      s.catalog,
      caPairs,
      leaves,
      saKey,
      encryptionKey,
      bootstrapToken,
      Object.fromEntries(tokens),
    );
    return { pki, report: buildReport(stateDir, s, now, false) };
  } finally {
    await release();
  }
}
