/** kube-apiserver flags for the rendered Kubernetes minor (kubeadm getAPIServerCommand, KTHW). */
import type { ProfileContext } from '../model.js';
import { PATHS } from '../paths.js';
import { APISERVER_PORT } from '../../plan/plan-cluster.js';
import { checkFlags, flags, type Flag } from './flag.js';
import { servingCertsByCsr } from '../kubelet-serving.js';

/** Does the apiserver get a static token file? Only when the PKI holds static tokens. */
export function usesTokenFile(ctx: ProfileContext): boolean {
  return ctx.pki.staticTokens.length > 0;
}

export function kubeApiserverFlags(ctx: ProfileContext): readonly Flag[] {
  const k = ctx.cluster.kubernetes;
  const bootstrap = k.kubeletCredentials === 'bootstrap';
  return checkFlags(
    'kube-apiserver',
    ctx.minor,
    flags(
      ['advertise-address', ctx.host.ip],
      ['bind-address', '0.0.0.0'],
      ['secure-port', String(APISERVER_PORT)],
      ['allow-privileged', 'true'],
      ['authorization-mode', 'Node,RBAC'],
      ['enable-admission-plugins', 'NodeRestriction'],
      ['client-ca-file', PATHS.k8sCaCert],
      ['tls-cert-file', PATHS.apiserverCert],
      ['tls-private-key-file', PATHS.apiserverKey],
      ['etcd-servers', ctx.plan.etcdClientURLs],
      ['etcd-cafile', PATHS.apiserverEtcdCa],
      ['etcd-certfile', PATHS.apiserverEtcdClientCert],
      ['etcd-keyfile', PATHS.apiserverEtcdClientKey],
      ['service-cluster-ip-range', k.serviceCIDR],
      ['service-account-issuer', `https://kubernetes.default.svc.${k.dnsDomain}`],
      ['service-account-key-file', PATHS.saPub],
      ['service-account-signing-key-file', PATHS.saKey],
      ['kubelet-client-certificate', PATHS.apiserverKubeletClientCert],
      ['kubelet-client-key', PATHS.apiserverKubeletClientKey],
      ['kubelet-preferred-address-types', 'InternalIP,ExternalIP,Hostname'],
      // Verify kubelets only when their serving certificates are CA-signed (k8s-reference.md 1.2).
      servingCertsByCsr(ctx) && ['kubelet-certificate-authority', PATHS.k8sCaCert],
      ['requestheader-client-ca-file', PATHS.frontProxyCaCert],
      ['requestheader-allowed-names', 'front-proxy-client'],
      ['requestheader-username-headers', 'X-Remote-User'],
      ['requestheader-group-headers', 'X-Remote-Group'],
      ['requestheader-extra-headers-prefix', 'X-Remote-Extra-'],
      ['proxy-client-cert-file', PATHS.frontProxyClientCert],
      ['proxy-client-key-file', PATHS.frontProxyClientKey],
      ['encryption-provider-config', PATHS.encryptionConfig],
      bootstrap && ['enable-bootstrap-token-auth', 'true'],
      usesTokenFile(ctx) && ['token-auth-file', PATHS.knownTokens],
      ['v', '2'],
    ),
  );
}
