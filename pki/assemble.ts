/**
 * ClusterPki from the issued (or kept) material, in the catalog's slots. Pure.
 */
import type { CaName, LeafEntry, PkiCatalog } from './catalog.js';
import type { KeyMaterial } from './key-pair.js';
import type { BootstrapToken, CertKeyPair, ClusterPki } from './model.js';
import type { IssuingAuthority } from './sign.js';
import { staticTokens } from './tokens.js';

export function assemble(
  catalog: PkiCatalog,
  cas: Map<CaName, IssuingAuthority>,
  leaves: { entry: LeafEntry; pair: CertKeyPair }[],
  serviceAccount: KeyMaterial,
  encryptionKey: string,
  bootstrapToken: BootstrapToken | undefined,
  reportTokens: Record<string, string>,
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
    reportTokens,
  };
}
