/** Where things live on the target host. One place, so profiles, keys and tests agree. */

// Downloaded binaries and bootforge's own first-boot scripts live where the OS family allows
// (os/family.ts binDir, scriptDir: /usr/local/... on most, /opt/... where /usr is read-only):
// components read them from ProfileContext.family.
/** Done-markers and other first-boot state. */
export const STATE_DIR = '/var/lib/bootforge';
export const ARTIFACT_CACHE = '/var/cache/bootforge/artifacts';

export const K8S_DIR = '/etc/kubernetes';
export const K8S_PKI = '/etc/kubernetes/pki';
export const K8S_ADDONS = '/etc/kubernetes/addons';

export const ETCD_PKI = '/etc/etcd/pki';
export const ETCD_DATA = '/var/lib/etcd';

export const FLANNEL_DIR = '/etc/flannel';
export const FLANNEL_PKI = '/etc/flannel/pki';

export const KUBELET_DIR = '/var/lib/kubelet';
export const KUBE_PROXY_DIR = '/var/lib/kube-proxy';

export const CNI_BIN = '/opt/cni/bin';
export const CNI_CONF = '/etc/cni/net.d';

export const PATHS = {
  k8sCaCert: `${K8S_PKI}/ca.crt`,
  k8sCaKey: `${K8S_PKI}/ca.key`,
  apiserverCert: `${K8S_PKI}/apiserver.crt`,
  apiserverKey: `${K8S_PKI}/apiserver.key`,
  apiserverKubeletClientCert: `${K8S_PKI}/apiserver-kubelet-client.crt`,
  apiserverKubeletClientKey: `${K8S_PKI}/apiserver-kubelet-client.key`,
  apiserverEtcdClientCert: `${K8S_PKI}/apiserver-etcd-client.crt`,
  apiserverEtcdClientKey: `${K8S_PKI}/apiserver-etcd-client.key`,
  apiserverEtcdCa: `${K8S_PKI}/etcd/ca.crt`,
  frontProxyCaCert: `${K8S_PKI}/front-proxy-ca.crt`,
  frontProxyClientCert: `${K8S_PKI}/front-proxy-client.crt`,
  frontProxyClientKey: `${K8S_PKI}/front-proxy-client.key`,
  saKey: `${K8S_PKI}/sa.key`,
  saPub: `${K8S_PKI}/sa.pub`,
  adminConf: `${K8S_DIR}/admin.conf`,
  controllerManagerConf: `${K8S_DIR}/controller-manager.conf`,
  schedulerConf: `${K8S_DIR}/scheduler.conf`,
  schedulerConfig: `${K8S_DIR}/config/kube-scheduler.yaml`,
  knownTokens: `${K8S_DIR}/known_tokens.csv`,
  encryptionConfig: `${K8S_DIR}/encryption-config.yaml`,
  etcdCa: `${ETCD_PKI}/ca.crt`,
  etcdServerCert: `${ETCD_PKI}/server.crt`,
  etcdServerKey: `${ETCD_PKI}/server.key`,
  etcdPeerCert: `${ETCD_PKI}/peer.crt`,
  etcdPeerKey: `${ETCD_PKI}/peer.key`,
  flannelEtcdCa: `${FLANNEL_PKI}/etcd-ca.crt`,
  flannelEtcdCert: `${FLANNEL_PKI}/etcd-client.crt`,
  flannelEtcdKey: `${FLANNEL_PKI}/etcd-client.key`,
  flannelNetworkConfig: `${FLANNEL_DIR}/network-config.json`,
  kubeletConfig: `${KUBELET_DIR}/config.yaml`,
  kubeletKubeconfig: `${KUBELET_DIR}/kubeconfig`,
  kubeletBootstrapKubeconfig: `${KUBELET_DIR}/bootstrap-kubeconfig`,
  kubeletCert: `${KUBELET_DIR}/pki/kubelet.crt`,
  kubeletKey: `${KUBELET_DIR}/pki/kubelet.key`,
  /** The kubelet's client certificate store (certificate and key in one file, a symlink it rotates). */
  kubeletClientCurrent: `${KUBELET_DIR}/pki/kubelet-client-current.pem`,
  /** Static credentials: the issued client pair the store's first link points to. */
  kubeletClientIssued: `${KUBELET_DIR}/pki/kubelet-client-issued.pem`,
  kubeProxyConfig: `${KUBE_PROXY_DIR}/config.yaml`,
  kubeProxyKubeconfig: `${KUBE_PROXY_DIR}/kubeconfig`,
  bootstrapMarker: '/var/lib/k8s-bootstrap.done',
} as const;
