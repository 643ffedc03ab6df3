/**
 * Where each piece lives in the PKI state directory (kubeadm's /etc/kubernetes/pki layout, plus
 * per-member etcd and per-node kubelet files):
 *
 *   ca.{crt,key}  front-proxy-ca.{crt,key}  etcd/ca.{crt,key}
 *   apiserver.*  apiserver-kubelet-client.*  apiserver-etcd-client.*  front-proxy-client.*
 *   admin.*  kube-controller-manager.*  kube-scheduler.*  kube-proxy.*
 *   etcd/server-<member>.*  etcd/peer-<member>.*  etcd/flannel-client.*
 *   kubelets/<node>.*        (static kubelet credentials only)
 *   sa.key  sa.pub  encryption-key  bootstrap-token  .lock
 *   report-tokens/<host>     (one install-lifecycle report token per host)
 */
import { dirname, join } from 'node:path';

/** Subdirectories holding certificates and keys (`<name>.crt`/`.key`). */
export const CERTIFICATE_SUBDIRECTORIES = ['etcd', 'kubelets'] as const;
export const SUBDIRECTORIES = [...CERTIFICATE_SUBDIRECTORIES, 'report-tokens'] as const;

/** Per-host report tokens: `report-tokens/<host>`, one line of base64url. */
export const REPORT_TOKENS_DIR = 'report-tokens';

export function reportTokenFile(host: string): string {
  return `${REPORT_TOKENS_DIR}/${host}`;
}

export function certificatePath(stateDir: string, name: string): string {
  return join(stateDir, `${name}.crt`);
}

export function keyPath(stateDir: string, name: string): string {
  return join(stateDir, `${name}.key`);
}

export const SERVICE_ACCOUNT_KEY = 'sa.key';
export const SERVICE_ACCOUNT_PUBLIC_KEY = 'sa.pub';
export const ENCRYPTION_KEY_FILE = 'encryption-key';
export const BOOTSTRAP_TOKEN_FILE = 'bootstrap-token';
export const LOCK_FILE = '.lock';

/**
 * Default state directory: `<inventory dir>/<cluster name>-pki`, beside the inventory, so that
 * several inventories in one directory keep separate PKIs.
 */
export function defaultStateDir(inventoryFile: string, clusterName: string): string {
  return join(dirname(inventoryFile), `${clusterName}-pki`);
}
