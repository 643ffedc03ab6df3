/**
 * A PKI issued in memory only, for checks that must see what `generate` would render without
 * issuing anything: `validate` and `generate --strict` before its first write. Every certificate
 * the catalog lists is really signed, with its real profile (names, SANs, usages, validity), so
 * every file that carries PKI material has the size the real one will have (a user-data limit
 * is checked against the same bytes, give or take a byte of DER integer encoding). One key per
 * algorithm serves every certificate (a key's size does not depend on which certificate it
 * belongs to), and one signature every leaf of the same shape (see sizeShape). Nothing here touches the disk; the material is
 * thrown away with the check and must never be written.
 */
import type { KeyAlgorithm } from '../inventory/model.js';
import type { ClusterPlan } from '../plan/model.js';
import { assemble } from './assemble.js';
import { pkiCatalog, type CaName, type LeafEntry } from './catalog.js';
import { validityWindow } from './certificate-profile.js';
import { generateKey, type KeyMaterial } from './key-pair.js';
import type { CertKeyPair, ClusterPki } from './model.js';
import { randomSerialHex } from './serial.js';
import { signCertificate, type IssuingAuthority } from './sign.js';
import { generateBootstrapToken, generateEncryptionKey, generateReportToken } from './tokens.js';

/**
 * What a certificate's size depends on: its issuer, the length of every name in it, how many
 * addresses, its usages and validity. Leaves of one shape (a kubelet per node, most often) are
 * the same size, so one signature serves them all: a 5,000-node cluster needs a handful.
 */
function sizeShape(entry: LeafEntry): string {
  const { subject, dnsNames, ipAddresses, usages, isCA, days } = entry.profile;
  const lengths = (names: readonly string[]): number[] => names.map((n) => n.length);
  return JSON.stringify([
    entry.issuer,
    subject.commonName.length,
    lengths(subject.organizations),
    lengths(dnsNames),
    ipAddresses.length,
    usages,
    isCA,
    days,
  ]);
}

/** One throwaway key per algorithm for the whole process: nothing signed with it leaves memory. */
const keys = new Map<KeyAlgorithm, Promise<KeyMaterial>>();
function throwawayKey(algorithm: KeyAlgorithm): Promise<KeyMaterial> {
  let key = keys.get(algorithm);
  if (key === undefined) {
    key = generateKey(algorithm);
    keys.set(algorithm, key);
  }
  return key;
}

export async function lookAlikePki(plan: ClusterPlan, now: Date = new Date()): Promise<ClusterPki> {
  const catalog = pkiCatalog(plan);
  const key = await throwawayKey(catalog.keyAlgorithm);
  // The service-account key is always RSA.
  const saKey = await throwawayKey('rsa');
  const authorities = new Map<CaName, IssuingAuthority>();
  for (const ca of catalog.cas) {
    const certificatePem = await signCertificate({
      profile: ca.profile,
      subjectKey: key,
      serialHex: randomSerialHex(),
      ...validityWindow(ca.profile, now),
    });
    authorities.set(ca.name, { certificatePem, key });
  }
  const leaves: { entry: LeafEntry; pair: CertKeyPair }[] = [];
  const signed = new Map<string, string>();
  for (const entry of catalog.leaves) {
    const shape = sizeShape(entry);
    let cert = signed.get(shape);
    if (cert === undefined) {
      cert = await signCertificate({
        profile: entry.profile,
        subjectKey: key,
        issuer: authorities.get(entry.issuer)!,
        serialHex: randomSerialHex(),
        ...validityWindow(entry.profile, now),
      });
      signed.set(shape, cert);
    }
    leaves.push({ entry, pair: { cert, key: key.privateKeyPem } });
  }
  const bootstrapToken = catalog.kubeletCredentials === 'bootstrap' ? generateBootstrapToken() : undefined;
  const reportTokens = Object.fromEntries(
    catalog.reportTokenHosts.map((host) => [host, generateReportToken()]),
  );
  const caPairs = new Map(
    [...authorities].map(([name, a]) => [name, { cert: a.certificatePem, key: a.key.privateKeyPem }]),
  );
  return assemble(catalog, caPairs, leaves, saKey, generateEncryptionKey(), bootstrapToken, reportTokens);
}
