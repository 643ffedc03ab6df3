/**
 * ClusterPki from the issued (or kept) material, in the catalog's slots. Pure. The catalog is the
 * one list of the PKI's shape: every CA and leaf lands in the field its entry names, and a single
 * leaf field the catalog does not fill is a bug.
 */
import {
  SINGLE_LEAF_FIELDS,
  type CaField,
  type CaName,
  type LeafEntry,
  type PkiCatalog,
  type SingleLeafField,
} from './catalog.js';
import type { KeyMaterial } from './key-pair.js';
import type { BootstrapToken, CertKeyPair, ClusterPki } from './model.js';

export function assemble(
  catalog: PkiCatalog,
  cas: ReadonlyMap<CaName, CertKeyPair>,
  leaves: { entry: LeafEntry; pair: CertKeyPair }[],
  serviceAccount: Pick<KeyMaterial, 'publicKeyPem' | 'privateKeyPem'>,
  encryptionKey: string,
  bootstrapToken: BootstrapToken | undefined,
  reportTokens: Record<string, string>,
): ClusterPki {
  const caFields = {} as Record<CaField, CertKeyPair>;
  for (const entry of catalog.cas) {
    const pair = cas.get(entry.name);
    if (!pair) throw new Error(`internal: no ${entry.name} CA was issued`);
    caFields[entry.field] = pair;
  }
  const singles = new Map<SingleLeafField, CertKeyPair>();
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
  const singleFields = {} as Record<SingleLeafField, CertKeyPair>;
  for (const field of SINGLE_LEAF_FIELDS) {
    const pair = singles.get(field);
    if (!pair) throw new Error(`internal: the catalog has no ${field} certificate`);
    singleFields[field] = pair;
  }
  return {
    ...caFields,
    ...singleFields,
    etcdServer,
    etcdPeer,
    serviceAccount: { publicKey: serviceAccount.publicKeyPem, privateKey: serviceAccount.privateKeyPem },
    kubelets: catalog.kubeletCredentials === 'static' ? kubelets : {},
    ...(bootstrapToken ? { bootstrapToken } : {}),
    // No static tokens: the kubelet bootstrap token lives only in its bootstrap-token Secret, so
    // it expires with it (a token in known_tokens.csv would stay valid forever).
    staticTokens: [],
    encryptionKey,
    reportTokens,
  };
}

/** The issued pair in a leaf's slot, if the PKI holds it. */
export function pairOf(pki: ClusterPki, slot: LeafEntry['slot']): CertKeyPair | undefined {
  switch (slot.kind) {
    case 'single':
      return pki[slot.field];
    case 'etcdServer':
      return pki.etcdServer[slot.member];
    case 'etcdPeer':
      return pki.etcdPeer[slot.member];
    case 'kubelet':
      return pki.kubelets[slot.node];
  }
}
