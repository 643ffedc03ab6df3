/**
 * The PKI state directory: load what exists, issue what is missing or out of date, write it
 * atomically, and hand back the ClusterPki. See decide.ts for the rules and state-layout.ts for
 * the files.
 *
 * Crash safety: every file appears complete or not at all (atomic-file.ts). Keys are written
 * before the certificates that carry them, and new keys only through create-only links, so a run
 * killed at any moment leaves either nothing, a key without its certificate (the next run issues
 * the certificate for that key), or a complete pair. A CA key is never generated when one exists.
 */
import { createPublicKey } from 'node:crypto';
import { join } from 'node:path';
import type { KeyAlgorithm } from '../inventory/model.js';
import type { ClusterPlan } from '../plan/model.js';
import {
  createFile,
  ensureDirectory,
  PUBLIC_MODE,
  removeStaleTemporaries,
  replaceFile,
  SECRET_MODE,
  syncDirectory,
} from './atomic-file.js';
import { CA_NAMES, pkiCatalog, type CaName, type LeafEntry, type PkiCatalog } from './catalog.js';
import { BACKDATE_MS, DAY_MS, type CertificateProfile } from './certificate-profile.js';
import { formatSubject } from './certificate-facts.js';
import { mapConcurrent } from './concurrency.js';
import { decideCa, decideLeaf, PkiStateError, type CaDecision, type LeafDecision } from './decide.js';
import { generateKey, type KeyMaterial } from './key-pair.js';
import type { BootstrapToken, CertKeyPair, ClusterPki } from './model.js';
import type { PkiReport, PkiReportItem } from './report.js';
import { randomSerialHex } from './serial.js';
import { signCertificate, type IssuingAuthority } from './sign.js';
import { acquireStateLock } from './state-lock.js';
import {
  BOOTSTRAP_TOKEN_FILE,
  certificatePath,
  ENCRYPTION_KEY_FILE,
  keyPath,
  SERVICE_ACCOUNT_KEY,
  SERVICE_ACCOUNT_PUBLIC_KEY,
  SUBDIRECTORIES,
} from './state-layout.js';
import { readOptional, readStoredKey, readStoredPair, storedLeafNames } from './state-reader.js';
import {
  formatBootstrapToken,
  generateBootstrapToken,
  generateEncryptionKey,
  isEncryptionKey,
  parseBootstrapToken,
  staticTokens,
} from './tokens.js';

export { PkiStateError } from './decide.js';
export { PkiLockedError } from './state-lock.js';

export interface PkiOptions {
  /** Leaf names (`apiserver`, `kubelets/knode2`, ...) to give a new key and certificate. */
  rotate?: readonly string[];
  /** Rotate every leaf (CAs and the service-account key are never rotated). */
  rotateAllLeaves?: boolean;
  /** The clock, for tests; default now. */
  now?: Date;
}

/** A name given to rotate that is not a leaf of this cluster. */
export class UnknownLeafError extends Error {
  constructor(
    readonly names: string[],
    readonly known: string[],
  ) {
    super(
      `cannot rotate ${names.map((n) => `'${n}'`).join(', ')}: ${
        names.some((n) => (CA_NAMES as readonly string[]).includes(n)) ? 'CAs are never rotated; ' : ''
      }leaf names are ${known.join(', ')}`,
    );
    this.name = 'UnknownLeafError';
  }
}

/** Limit on leaves in flight at once (open files); key generation is bounded by the thread pool. */
const LEAF_CONCURRENCY = 64;

const SECRET_DESCRIPTIONS: Record<string, string> = {
  [ENCRYPTION_KEY_FILE]: 'AES-256 key for Secrets at rest (encryption-config.yaml)',
  [BOOTSTRAP_TOKEN_FILE]: 'kubelet TLS bootstrap token',
};

interface SecretDecision {
  name: string;
  action: 'keep' | 'create';
  value?: string;
}

interface Survey {
  catalog: PkiCatalog;
  cas: CaDecision[];
  leaves: LeafDecision[];
  serviceAccount: { action: 'keep' | 'create' | 'reissue'; reasons: string[]; key?: KeyMaterial };
  encryptionKey: SecretDecision;
  bootstrapToken?: SecretDecision;
  unused: string[];
}

function rotationSet(catalog: PkiCatalog, options: PkiOptions): Set<string> {
  const known = catalog.leaves.map((l) => l.name);
  if (options.rotateAllLeaves) return new Set(known);
  const requested = options.rotate ?? [];
  const unknown = requested.filter((n) => !known.includes(n));
  if (unknown.length > 0) throw new UnknownLeafError(unknown, known);
  return new Set(requested);
}

async function surveySecret(
  stateDir: string,
  name: string,
  valid: (text: string) => boolean,
): Promise<SecretDecision> {
  const text = await readOptional(join(stateDir, name));
  if (text === undefined) return { name, action: 'create' };
  const value = text.trim();
  if (!valid(value))
    throw new PkiStateError(`${join(stateDir, name)} is malformed; it is never replaced silently`);
  return { name, action: 'keep', value };
}

async function survey(plan: ClusterPlan, stateDir: string, options: PkiOptions, now: Date): Promise<Survey> {
  const catalog = pkiCatalog(plan);
  const rotate = rotationSet(catalog, options);
  const algorithm = catalog.keyAlgorithm;
  const cas = await Promise.all(
    catalog.cas.map(async (entry) =>
      decideCa(entry, await readStoredPair(stateDir, entry.name), algorithm, now),
    ),
  );
  const caByName = new Map(cas.map((d) => [d.entry.name, d]));
  const leaves = await mapConcurrent(catalog.leaves, LEAF_CONCURRENCY, async (entry) =>
    decideLeaf(entry, await readStoredPair(stateDir, entry.name), caByName.get(entry.issuer)!, {
      rotate: rotate.has(entry.name),
      algorithm,
      now,
    }),
  );

  const saKey = await readStoredKey(join(stateDir, SERVICE_ACCOUNT_KEY));
  if (saKey.problem !== undefined) {
    throw new PkiStateError(
      `${saKey.path} is not a usable key (${saKey.problem}); it is never replaced silently`,
    );
  }
  let serviceAccount: Survey['serviceAccount'] = { action: 'create', reasons: [] };
  if (saKey.key) {
    const pub = await readOptional(join(stateDir, SERVICE_ACCOUNT_PUBLIC_KEY));
    const matches = pub !== undefined && samePublicKey(pub, saKey.key);
    serviceAccount = matches
      ? { action: 'keep', reasons: [], key: saKey.key }
      : {
          action: 'reissue',
          reasons: [`${SERVICE_ACCOUNT_PUBLIC_KEY} missing or not the public half of sa.key`],
          key: saKey.key,
        };
  }

  const encryptionKey = await surveySecret(stateDir, ENCRYPTION_KEY_FILE, isEncryptionKey);
  const bootstrapToken =
    catalog.kubeletCredentials === 'bootstrap'
      ? await surveySecret(stateDir, BOOTSTRAP_TOKEN_FILE, (t) => parseBootstrapToken(t) !== undefined)
      : undefined;

  const wanted = new Set(catalog.leaves.map((l) => l.name));
  const unused = (await storedLeafNames(stateDir)).filter((n) => !wanted.has(n) && n !== 'etcd/ca');
  return {
    catalog,
    cas,
    leaves,
    serviceAccount,
    encryptionKey,
    ...(bootstrapToken ? { bootstrapToken } : {}),
    unused,
  };
}

function samePublicKey(pem: string, key: KeyMaterial): boolean {
  try {
    return createPublicKey(pem).equals(createPublicKey(key.publicKeyPem));
  } catch {
    return false;
  }
}

function validity(profile: CertificateProfile, now: Date): { notBefore: Date; notAfter: Date } {
  return {
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + profile.days * DAY_MS),
  };
}

function reportItem(
  decision: CaDecision | LeafDecision,
  kind: 'ca' | 'certificate',
  algorithm: KeyAlgorithm,
  now: Date,
): PkiReportItem {
  const { entry } = decision;
  const kept = decision.action === 'keep';
  const notAfter = kept && decision.facts ? decision.facts.notAfter : validity(entry.profile, now).notAfter;
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
  };
}

function buildReport(stateDir: string, s: Survey, now: Date, dryRun: boolean): PkiReport {
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
    ...s.unused.map((name): PkiReportItem => ({
      name,
      kind: 'certificate',
      action: 'unused',
      reasons: [],
      notes: ['no longer in the inventory; left in place'],
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
  };
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
    ...validity(profile, now),
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
  issuer: IssuingAuthority,
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

async function syncAll(stateDir: string): Promise<void> {
  await Promise.all([stateDir, ...SUBDIRECTORIES.map((s) => join(stateDir, s))].map(syncDirectory));
}

function assemble(
  catalog: PkiCatalog,
  cas: Map<CaName, IssuingAuthority>,
  leaves: { entry: LeafEntry; pair: CertKeyPair }[],
  serviceAccount: KeyMaterial,
  encryptionKey: string,
  bootstrapToken: BootstrapToken | undefined,
): ClusterPki {
  const ca = (name: CaName): CertKeyPair => {
    const authority = cas.get(name)!;
    return { cert: authority.certificatePem, key: authority.key.privateKeyPem };
  };
  const singles = new Map<string, CertKeyPair>();
  const etcdServer: Record<string, CertKeyPair> = {};
  const etcdPeer: Record<string, CertKeyPair> = {};
  const kubelets: Record<string, CertKeyPair> = {};
  for (const { entry, pair } of leaves) {
    const slot = entry.slot;
    if (slot.kind === 'single') singles.set(slot.field, pair);
    else if (slot.kind === 'etcdServer') etcdServer[slot.member] = pair;
    else if (slot.kind === 'etcdPeer') etcdPeer[slot.member] = pair;
    else kubelets[slot.node] = pair;
  }
  const single = (field: string): CertKeyPair => {
    const pair = singles.get(field);
    if (!pair) throw new Error(`internal: the catalog has no ${field} certificate`);
    return pair;
  };
  return {
    kubernetesCA: ca('ca'),
    etcdCA: ca('etcd/ca'),
    frontProxyCA: ca('front-proxy-ca'),
    apiserver: single('apiserver'),
    apiserverKubeletClient: single('apiserverKubeletClient'),
    apiserverEtcdClient: single('apiserverEtcdClient'),
    frontProxyClient: single('frontProxyClient'),
    etcdServer,
    etcdPeer,
    flannelEtcdClient: single('flannelEtcdClient'),
    serviceAccount: { publicKey: serviceAccount.publicKeyPem, privateKey: serviceAccount.privateKeyPem },
    admin: single('admin'),
    controllerManager: single('controllerManager'),
    scheduler: single('scheduler'),
    kubeProxy: single('kubeProxy'),
    kubelets: catalog.kubeletCredentials === 'static' ? kubelets : {},
    ...(bootstrapToken ? { bootstrapToken } : {}),
    staticTokens: staticTokens(bootstrapToken),
    encryptionKey,
  };
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
  await ensureDirectory(stateDir);
  await Promise.all(SUBDIRECTORIES.map((s) => ensureDirectory(join(stateDir, s))));
  const release = await acquireStateLock(stateDir);
  try {
    await removeStaleTemporaries(stateDir);
    const s = await survey(plan, stateDir, options, now);
    const algorithm = s.catalog.keyAlgorithm;
    // The service-account key (always RSA) is generated alongside everything else.
    const newSaKey =
      s.serviceAccount.action === 'create' || !s.serviceAccount.key ? generateKey('rsa') : undefined;

    const authorities = new Map<CaName, IssuingAuthority>();
    await Promise.all(
      s.cas.map(async (d) => authorities.set(d.entry.name, await realizeCa(stateDir, d, algorithm, now))),
    );
    // CAs are durable before anything they sign is written.
    await syncAll(stateDir);

    const leaves = await mapConcurrent(s.leaves, LEAF_CONCURRENCY, async (d) => ({
      entry: d.entry,
      pair: await realizeLeaf(stateDir, d, authorities.get(d.entry.issuer)!, algorithm, now),
    }));

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
    await syncAll(stateDir);

    const pki = assemble(s.catalog, authorities, leaves, saKey, encryptionKey, bootstrapToken);
    return { pki, report: buildReport(stateDir, s, now, false) };
  } finally {
    await release();
  }
}
