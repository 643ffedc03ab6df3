/**
 * The issued PKI material for a cluster, as PEM text. Produced by pki/ (loaded from the state
 * directory, missing pieces created); read by profiles (which decide which host gets which piece)
 * and by output (OUT/cluster/). Keys never appear in logs.
 */

export interface CertKeyPair {
  /** PEM certificate. */
  cert: string;
  /** PEM private key (PKCS#8 or PKCS#1 for RSA, SEC1/PKCS#8 for EC). */
  key: string;
}

export interface StaticToken {
  token: string;
  user: string;
  uid: string;
  groups: string[];
}

export interface BootstrapToken {
  /** [a-z0-9]{6} */
  id: string;
  /** [a-z0-9]{16} */
  secret: string;
}

export interface ClusterPki {
  kubernetesCA: CertKeyPair;
  etcdCA: CertKeyPair;
  frontProxyCA: CertKeyPair;
  apiserver: CertKeyPair;
  apiserverKubeletClient: CertKeyPair;
  apiserverEtcdClient: CertKeyPair;
  frontProxyClient: CertKeyPair;
  /** By etcd member name. */
  etcdServer: Record<string, CertKeyPair>;
  etcdPeer: Record<string, CertKeyPair>;
  /** etcd client certificate used by flanneld and etcdctl health checks. */
  flannelEtcdClient: CertKeyPair;
  serviceAccount: { publicKey: string; privateKey: string };
  admin: CertKeyPair;
  controllerManager: CertKeyPair;
  scheduler: CertKeyPair;
  kubeProxy: CertKeyPair;
  /** Per node name; present only with kubeletCredentials: static. */
  kubelets: Record<string, CertKeyPair>;
  /** Present with kubeletCredentials: bootstrap. */
  bootstrapToken?: BootstrapToken;
  /** Lines of known_tokens.csv (classic static token file); may be empty. */
  staticTokens: StaticToken[];
  /** 32-byte AES key, base64, for encryption-config.yaml (secrets at rest). */
  encryptionKey: string;
  /**
   * Install-lifecycle report tokens by host name (every host): 32 random bytes, base64url. Each
   * host receives only its own, as /etc/bootforge/report-token.
   */
  reportTokens: Record<string, string>;
}
