/**
 * Reads the state directory and decides, for every CA, leaf, key and secret of the catalog, what a
 * run does with it (decide.ts holds the rules). Reads only; shared by the dry run and the real run.
 */
import { createPublicKey } from 'node:crypto';
import { join } from 'node:path';
import type { ClusterPlan } from '../plan/model.js';
import { CA_NAMES, pkiCatalog, type PkiCatalog } from './catalog.js';
import { mapConcurrent } from './concurrency.js';
import { decideCa, decideLeaf, PkiStateError, type CaDecision, type LeafDecision } from './decide.js';
import type { KeyMaterial } from './key-pair.js';
import {
  BOOTSTRAP_TOKEN_FILE,
  ENCRYPTION_KEY_FILE,
  SERVICE_ACCOUNT_KEY,
  SERVICE_ACCOUNT_PUBLIC_KEY,
} from './state-layout.js';
import { readOptional, readStoredKey, readStoredPair, storedLeafNames } from './state-reader.js';
import { isEncryptionKey, parseBootstrapToken } from './tokens.js';

export interface PkiOptions {
  /** Leaf names (`apiserver`, `kubelets/knode2`, ...) to give a new key and certificate. */
  rotate?: readonly string[];
  /** Rotate every leaf (CAs and the service-account key are never rotated). */
  rotateAllLeaves?: boolean;
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
      }leaf names are ${known.join(', ')}`,
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

export interface Survey {
  catalog: PkiCatalog;
  cas: CaDecision[];
  leaves: LeafDecision[];
  serviceAccount: { action: 'keep' | 'create' | 'reissue'; reasons: string[]; key?: KeyMaterial };
  encryptionKey: SecretDecision;
  bootstrapToken?: SecretDecision;
  /** Leaf files on disk that the catalog no longer lists. */
  unused: string[];
}

export function rotationSet(catalog: PkiCatalog, options: PkiOptions): Set<string> {
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
