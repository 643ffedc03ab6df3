/** KubeletConfiguration (kubelet.config.k8s.io/v1beta1, every supported minor). */
import { osFamily } from '../../os/registry.js';
import { rotatesClientCertificate } from '../kubelet-client.js';
import { servingCertsByCsr } from '../kubelet-serving.js';
import type { ProfileContext } from '../model.js';
import { PATHS } from '../paths.js';
import { toYaml } from '../yaml.js';

export function kubeletConfigObject(ctx: ProfileContext): Record<string, unknown> {
  const k = ctx.cluster.kubernetes;
  const staticCreds = k.kubeletCredentials === 'static';
  const endpoint = ctx.plan.runtime.criSocket;
  const config: Record<string, unknown> = {
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    address: '0.0.0.0',
    authentication: {
      anonymous: { enabled: false },
      webhook: { enabled: true },
      x509: { clientCAFile: PATHS.k8sCaCert },
    },
    authorization: { mode: 'Webhook' },
    cgroupDriver: 'systemd',
    clusterDNS: [ctx.plan.dnsServiceIP],
    clusterDomain: k.dnsDomain,
    failSwapOn: true,
    resolvConf: '/etc/resolv.conf',
    rotateCertificates: rotatesClientCertificate(ctx),
    // csr: the kubelet asks for its serving certificate (approved on the masters) and rotates it.
    serverTLSBootstrap: servingCertsByCsr(ctx),
  };
  // Static credentials: the node's issued certificate (clientAuth + serverAuth) serves :10250 from
  // these files; its client half is a copy in the kubelet's certificate store, which rotates
  // (profiles/kubelet-client.ts).
  // Bootstrap: kubelet serves with a self-signed certificate, unless kubeletServingCerts: csr.
  if (staticCreds && !servingCertsByCsr(ctx)) {
    config.tlsCertFile = PATHS.kubeletCert;
    config.tlsPrivateKeyFile = PATHS.kubeletKey;
  }
  // The config field exists from 1.27; before that the endpoint is a flag (flags/kubelet.ts).
  if (endpoint !== undefined && ctx.minor >= 27) config.containerRuntimeEndpoint = endpoint;
  // cgroup v1 (CentOS 7) is in maintenance from 1.31 and refused by default from 1.35 (KEP-5573);
  // the failCgroupV1 field exists from 1.31.
  if (osFamily(ctx.cluster.os).cgroupVersion === 1 && ctx.minor >= 31) config.failCgroupV1 = false;
  return config;
}

export function kubeletConfigYaml(ctx: ProfileContext): string {
  return toYaml(kubeletConfigObject(ctx));
}
