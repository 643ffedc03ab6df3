/**
 * Reads the state directory and decides, for every CA, leaf, key and secret of the catalog, what a
 * run does with it (decide.ts holds the rules). Reads only; shared by the dry run and the real run.
 */
import { createPublicKey } from 'node:crypto';
import { join } from 'node:path';
import type { ClusterPlan } from '../plan/model.js';
import { CA_NAMES, pkiCatalog, reportTokenName, type PkiCatalog } from './catalog.js';
import { mapConcurrent } from './concurrency.js';
import { decideCa, decideLeaf, PkiStateError, type CaDecision, type LeafDecision } from './decide.js';
import type { KeyMaterial } from './key-pair.js';
import {
  BOOTSTRAP_TOKEN_FILE,
  ENCRYPTION_KEY_FILE,
  reportTokenFile,
  SERVICE_ACCOUNT_KEY,
  SERVICE_ACCOUNT_PUBLIC_KEY,
} from './state-layout.js';
import {
  readOptional,
  readStoredKey,
  readStoredPair,
  storedLeafNames,
  storedReportTokenHosts,
} from './state-reader.js';
import { isEncryptionKey, isReportToken, parseBootstrapToken } from './tokens.js';

export interface PkiOptions {
  /**
   * Leaf names (`apiserver`, `kubelets/knode2`, ...) to give a new key and certificate, and
   * `report-token/<host>` names to give a host a new report token.
   */
  rotate?: readonly string[];
  /** Rotate every leaf and report token (CAs and the service-account key are never rotated). */
  rotateAllLeaves?: boolean;
  /**
   * `--renew`: also re-issue, with its key, every leaf that expires within this many days (the
   * usual renewal window still applies when it is wider). CAs are never renewed; one inside the
   * window gets a note.
   */
  renewWithinDays?: number;
  /** The clock, for tests; default now. */
  now?: Date;
  /**
   * Called once before the first write (the state directory, a key, a certificate, a token),
   * never when the PKI is complete: the caller's last chance to refuse bad input with nothing
   * on disk changed. Throwing stops the run.
   */
  beforeIssue?: () => void | Promise<void>;
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
      }rotatable names are ${known.join(', ')}`,
    );
    this.name = 'UnknownLeafError';
  }
}

/** Limit on leaves in flight at once (open files); key generation is bounded by the thread pool. */
export const LEAF_CONCURRENCY = 64;

export interface SecretDecision {
  name: string;
  action: 'keep' | 'create';
  value?: string;
}

/** A host's report token: kept, created (none on disk) or rotated (on request). */
export interface ReportTokenDecision {
  host: string;
  /** `report-token/<host>`, as `--rotate` takes it and reports show it. */
  name: string;
  /** `report-tokens/<host>`, relative to the state directory. */
  file: string;
  action: 'keep' | 'create' | 'rotate';
  reasons: string[];
  value?: string;
}

export interface Survey {
  catalog: PkiCatalog;
  cas: CaDecision[];
  leaves: LeafDecision[];
  serviceAccount: { action: 'keep' | 'create' | 'reissue'; reasons: string[]; key?: KeyMaterial };
  encryptionKey: SecretDecision;
  bootstrapToken?: SecretDecision;
  /** One per host of the plan, in inventory order. */
  reportTokens: ReportTokenDecision[];
  /** Leaf files on disk that the catalog no longer lists. */
  unused: string[];
  /** Report tokens on disk of hosts no longer in the plan (`report-token/<host>` names). */
  unusedReportTokens: string[];
}

/** `report-tokens/<host>` (the file's path) is accepted for `report-token/<host>`. */
function rotationName(name: string): string {
  return name.startsWith('report-tokens/') ? reportTokenName(name.slice('report-tokens/'.length)) : name;
}

export function rotationSet(catalog: PkiCatalog, options: PkiOptions): Set<string> {
  const known = [...catalog.leaves.map((l) => l.name), ...catalog.reportTokenHosts.map(reportTokenName)];
  if (options.rotateAllLeaves) return new Set(known);
  const requested = (options.rotate ?? []).map(rotationName);
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

async function surveyReportToken(
  stateDir: string,
  host: string,
  rotate: boolean,
): Promise<ReportTokenDecision> {
  const name = reportTokenName(host);
  const file = reportTokenFile(host);
  const text = await readOptional(join(stateDir, file));
  if (text === undefined) return { host, name, file, action: 'create', reasons: [] };
  const value = text.trim();
  const valid = isReportToken(value);
  if (rotate)
    return { host, name, file, action: 'rotate', reasons: valid ? [] : ['the stored token is malformed'] };
  if (!valid) {
    throw new PkiStateError(
      `${join(stateDir, file)} is not a report token (43 base64url characters); it is never replaced silently: rotate it with --rotate ${name}`,
    );
  }
  return { host, name, file, action: 'keep', reasons: [], value };
}

export async function survey(
  plan: ClusterPlan,
  stateDir: string,
  options: PkiOptions,
  now: Date,
): Promise<Survey> {
  const catalog = pkiCatalog(plan);
  const rotate = rotationSet(catalog, options);
  const algorithm = catalog.keyAlgorithm;
  const cas = await Promise.all(
    catalog.cas.map(async (entry) =>
      decideCa(entry, await readStoredPair(stateDir, entry.name), algorithm, now, options.renewWithinDays),
    ),
  );
  const caByName = new Map(cas.map((d) => [d.entry.name, d]));
  const leaves = await mapConcurrent(catalog.leaves, LEAF_CONCURRENCY, async (entry) =>
    decideLeaf(entry, await readStoredPair(stateDir, entry.name), caByName.get(entry.issuer)!, {
      rotate: rotate.has(entry.name),
      algorithm,
      now,
      ...(options.renewWithinDays !== undefined ? { renewWithinDays: options.renewWithinDays } : {}),
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

  const reportTokens = await mapConcurrent(catalog.reportTokenHosts, LEAF_CONCURRENCY, (host) =>
    surveyReportToken(stateDir, host, rotate.has(reportTokenName(host))),
  );

  const wanted = new Set(catalog.leaves.map((l) => l.name));
  const unused = (await storedLeafNames(stateDir)).filter((n) => !wanted.has(n) && n !== 'etcd/ca');
  const tokenHosts = new Set(catalog.reportTokenHosts);
  const unusedReportTokens = (await storedReportTokenHosts(stateDir))
    .filter((h) => !tokenHosts.has(h))
    .map(reportTokenName);
  return {
    catalog,
    cas,
    leaves,
    serviceAccount,
    encryptionKey,
    ...(bootstrapToken ? { bootstrapToken } : {}),
    reportTokens,
    unused,
    unusedReportTokens,
  };
}

function samePublicKey(pem: string, key: KeyMaterial): boolean {
  try {
    return createPublicKey(pem).equals(createPublicKey(key.publicKeyPem));
  } catch {
    return false;
  }
}
