/**
 * Reads what the state directory holds, without changing anything. Missing files are absent;
 * unreadable ones are reported with the problem, so the planner can decide (a corrupt key is an
 * error, a corrupt certificate is simply re-issued).
 */
import { X509Certificate } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isErrno } from './atomic-file.js';
import { keyFromPem, type KeyMaterial } from './key-pair.js';
import { certificatePath, CERTIFICATE_SUBDIRECTORIES, keyPath, REPORT_TOKENS_DIR } from './state-layout.js';

export interface StoredKey {
  path: string;
  key?: KeyMaterial;
  /** Set when the file exists but is not a usable key. */
  problem?: string;
}

export interface StoredCertificate {
  path: string;
  pem?: string;
  x509?: X509Certificate;
  problem?: string;
}

export interface StoredPair {
  name: string;
  key: StoredKey;
  certificate: StoredCertificate;
}

export async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

export async function readStoredKey(path: string): Promise<StoredKey> {
  const pem = await readOptional(path);
  if (pem === undefined) return { path };
  try {
    return { path, key: keyFromPem(pem) };
  } catch (error) {
    return { path, problem: error instanceof Error ? error.message : String(error) };
  }
}

export async function readStoredCertificate(path: string): Promise<StoredCertificate> {
  const pem = await readOptional(path);
  if (pem === undefined) return { path };
  try {
    return { path, pem, x509: new X509Certificate(pem) };
  } catch (error) {
    return { path, problem: error instanceof Error ? error.message : String(error) };
  }
}

export async function readStoredPair(stateDir: string, name: string): Promise<StoredPair> {
  const [key, certificate] = await Promise.all([
    readStoredKey(keyPath(stateDir, name)),
    readStoredCertificate(certificatePath(stateDir, name)),
  ]);
  return { name, key, certificate };
}

/** Names (`etcd/server-x`, `kubelets/y`) of every certificate or key in the subdirectories. */
export async function storedLeafNames(stateDir: string): Promise<string[]> {
  const names = new Set<string>();
  for (const sub of CERTIFICATE_SUBDIRECTORIES) {
    let entries: string[];
    try {
      entries = await readdir(join(stateDir, sub));
    } catch (error) {
      if (isErrno(error, 'ENOENT')) continue;
      throw error;
    }
    for (const entry of entries) {
      const match = /^([^.].*)\.(crt|key)$/.exec(entry);
      if (match) names.add(`${sub}/${match[1]}`);
    }
  }
  return [...names].sort();
}

/** Hosts that have a report token on disk (`report-tokens/<host>`), sorted. */
export async function storedReportTokenHosts(stateDir: string): Promise<string[]> {
  try {
    const entries = await readdir(join(stateDir, REPORT_TOKENS_DIR), { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
}
