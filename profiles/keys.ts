/**
 * Which PKI material lands on which host: one table, by component, so "a host receives only what
 * its roles need" can be read (and tested) in one place.
 *
 * - etcd members: the etcd CA certificate and their own server and peer pairs.
 * - flanneld and the flannel config writer: the etcd CA certificate and the flannel etcd client pair.
 * - kube-apiserver: the Kubernetes CA certificate, its serving, kubelet-client and etcd-client pairs,
 *   the etcd CA and front-proxy CA certificates, the front-proxy client pair, the service-account
 *   key pair, the encryption config and the static token file.
 * - kube-controller-manager: the Kubernetes CA certificate and key (it signs kubelet certificates),
 *   sa.key, the front-proxy CA certificate and its kubeconfig. The only CA key that leaves the
 *   operator, and only to masters.
 * - kube-scheduler and kubectl (masters): their kubeconfigs.
 * - kubelet: the Kubernetes CA certificate and either its own certificate and key (static: as
 *   serving files and, with rotation, as the first entry of its certificate store) or a bootstrap
 *   kubeconfig holding a short-lived token (bootstrap).
 * - kube-proxy: its kubeconfig.
 * Every private key, token and kubeconfig with credentials is 0600 and marked secret.
 */
import type { InlineFile } from '../host/host-config.js';
import { kubeconfigFor, type KubeconfigIdentity, type KubeconfigServer } from '../pki/kubeconfigs.js';
import { encryptionConfigYaml } from './configs/encryption-config.js';
import { renderKnownTokens } from '../pki/tokens.js';
import { secretFile, textFile } from './files.js';
import { usesTokenFile } from './flags/kube-apiserver.js';
import type { ProfileContext } from './model.js';
import { staticClientInStore } from './kubelet-client.js';
import { servingCertsByCsr } from './kubelet-serving.js';
import { PATHS } from './paths.js';
import type { ComponentId } from './roles.js';

/** A kubeconfig with credentials: secret. Masters' own components talk to their local API server. */
function kubeconfig(
  ctx: ProfileContext,
  path: string,
  identity: KubeconfigIdentity,
  server: KubeconfigServer,
): InlineFile {
  return secretFile(path, kubeconfigFor(ctx.plan, ctx.pki, identity, server));
}

/** Certificate then key, one PEM file: the layout of the kubelet's certificate store. */
function pemPair(cert: string, key: string): string {
  const line = (pem: string): string => (pem.endsWith('\n') ? pem : `${pem}\n`);
  return line(cert) + line(key);
}

function flannelEtcdClient(ctx: ProfileContext): InlineFile[] {
  return [
    textFile(PATHS.flannelEtcdCa, ctx.pki.etcdCA.cert),
    textFile(PATHS.flannelEtcdCert, ctx.pki.flannelEtcdClient.cert),
    secretFile(PATHS.flannelEtcdKey, ctx.pki.flannelEtcdClient.key),
  ];
}

export function componentKeyFiles(ctx: ProfileContext, component: ComponentId): InlineFile[] {
  const { pki, host } = ctx;
  switch (component) {
    case 'etcd': {
      const server = pki.etcdServer[host.name];
      const peer = pki.etcdPeer[host.name];
      if (!server || !peer) throw new Error(`PKI has no etcd server/peer certificate for ${host.name}`);
      return [
        textFile(PATHS.etcdCa, pki.etcdCA.cert),
        textFile(PATHS.etcdServerCert, server.cert),
        secretFile(PATHS.etcdServerKey, server.key, 'etcd'),
        textFile(PATHS.etcdPeerCert, peer.cert),
        secretFile(PATHS.etcdPeerKey, peer.key, 'etcd'),
      ];
    }
    case 'flanneld':
    case 'flannel-network-config':
      return flannelEtcdClient(ctx);
    case 'kube-apiserver': {
      const files = [
        textFile(PATHS.k8sCaCert, pki.kubernetesCA.cert),
        textFile(PATHS.apiserverCert, pki.apiserver.cert),
        secretFile(PATHS.apiserverKey, pki.apiserver.key),
        textFile(PATHS.apiserverKubeletClientCert, pki.apiserverKubeletClient.cert),
        secretFile(PATHS.apiserverKubeletClientKey, pki.apiserverKubeletClient.key),
        textFile(PATHS.apiserverEtcdCa, pki.etcdCA.cert),
        textFile(PATHS.apiserverEtcdClientCert, pki.apiserverEtcdClient.cert),
        secretFile(PATHS.apiserverEtcdClientKey, pki.apiserverEtcdClient.key),
        textFile(PATHS.frontProxyCaCert, pki.frontProxyCA.cert),
        textFile(PATHS.frontProxyClientCert, pki.frontProxyClient.cert),
        secretFile(PATHS.frontProxyClientKey, pki.frontProxyClient.key),
        textFile(PATHS.saPub, pki.serviceAccount.publicKey),
        secretFile(PATHS.saKey, pki.serviceAccount.privateKey),
        secretFile(PATHS.encryptionConfig, encryptionConfigYaml(pki)),
      ];
      if (usesTokenFile(ctx)) files.push(secretFile(PATHS.knownTokens, renderKnownTokens(pki.staticTokens)));
      return files;
    }
    case 'kube-controller-manager':
      return [
        textFile(PATHS.k8sCaCert, pki.kubernetesCA.cert),
        secretFile(PATHS.k8sCaKey, pki.kubernetesCA.key),
        secretFile(PATHS.saKey, pki.serviceAccount.privateKey),
        textFile(PATHS.frontProxyCaCert, pki.frontProxyCA.cert),
        kubeconfig(ctx, PATHS.controllerManagerConf, { of: 'controllerManager' }, 'local'),
      ];
    case 'kube-scheduler':
      return [kubeconfig(ctx, PATHS.schedulerConf, { of: 'scheduler' }, 'local')];
    case 'kubectl':
      // The cluster-admin kubeconfig, unless pki.adminOnMasters: false keeps it in OUT/cluster/ only.
      return ctx.cluster.pki.adminOnMasters
        ? [kubeconfig(ctx, PATHS.adminConf, { of: 'admin' }, 'local')]
        : [];
    case 'kubelet': {
      const files = [textFile(PATHS.k8sCaCert, pki.kubernetesCA.cert)];
      if (ctx.cluster.kubernetes.kubeletCredentials === 'static') {
        const pair = pki.kubelets[host.name];
        if (!pair) throw new Error(`PKI has no kubelet certificate for ${host.name}`);
        // The pair serves :10250 from kubelet.crt/.key; with rotation its client copy starts the
        // kubelet's certificate store, which the kubeconfig names (profiles/kubelet-client.ts).
        const store = staticClientInStore(ctx);
        // With serving certificates through CSRs the kubelet makes its own serving key.
        if (!servingCertsByCsr(ctx))
          files.push(textFile(PATHS.kubeletCert, pair.cert), secretFile(PATHS.kubeletKey, pair.key));
        if (store) files.push(secretFile(PATHS.kubeletClientCurrent, pemPair(pair.cert, pair.key)));
        files.push(
          kubeconfig(
            ctx,
            PATHS.kubeletKubeconfig,
            { of: 'kubelet', node: host.name, ...(store ? { store: PATHS.kubeletClientCurrent } : {}) },
            'cluster',
          ),
        );
      } else {
        files.push(kubeconfig(ctx, PATHS.kubeletBootstrapKubeconfig, { of: 'kubeletBootstrap' }, 'cluster'));
      }
      return files;
    }
    case 'kube-proxy':
      return [kubeconfig(ctx, PATHS.kubeProxyKubeconfig, { of: 'kubeProxy' }, 'cluster')];
    case 'host':
    case 'docker':
    case 'cri-dockerd':
    case 'containerd':
    case 'k8s-bootstrap':
    case 'node-labels': // both use the admin kubeconfig the kubectl component lays down
    case 'kubelet-serving-approver': // the apiserver's kubelet-client pair (kube-apiserver)
    case 'lifecycle': // the report token is the lifecycle component's own file
      return [];
  }
}
