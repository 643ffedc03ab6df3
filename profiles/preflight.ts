/**
 * Builds every HostConfig once against placeholder PKI material, before anything is issued or
 * written, so that a problem in the user's profiles or pins (an unknown profile, a template that
 * does not render, an artifact that needs a pin) is reported as input error with nothing changed
 * on disk. Profiles only place PKI text into files, so placeholders exercise the same paths.
 */
import { createHash } from 'node:crypto';
import type { ClusterPlan } from '../plan/model.js';
import type { CertKeyPair, ClusterPki } from '../pki/model.js';
import { staticTokens } from '../pki/tokens.js';
import { buildHostConfig, type BuildOptions } from './build-host-config.js';
import { checkHostConfig, HostConfigError } from '../host/check-host.js';
import { ProfileError } from './errors.js';

function placeholder(name: string): CertKeyPair {
  return {
    cert: `-----BEGIN CERTIFICATE-----\npreflight-${name}\n-----END CERTIFICATE-----\n`,
    key: `-----BEGIN PRIVATE KEY-----\npreflight-${name}\n-----END PRIVATE KEY-----\n`,
  };
}

/** A well-formed report token (43 base64url characters), distinct per host, obviously not random. */
export function placeholderReportToken(host: string): string {
  return createHash('sha256').update(`preflight-report-token-${host}`).digest('base64url');
}

export function placeholderPki(plan: ClusterPlan): ClusterPki {
  const perMember = (kind: string): Record<string, CertKeyPair> =>
    Object.fromEntries(plan.etcdMembers.map((m) => [m.name, placeholder(`${kind}-${m.name}`)]));
  const staticKubelets = plan.inventory.cluster.kubernetes.kubeletCredentials === 'static';
  const pki: ClusterPki = {
    kubernetesCA: placeholder('ca'),
    etcdCA: placeholder('etcd-ca'),
    frontProxyCA: placeholder('front-proxy-ca'),
    apiserver: placeholder('apiserver'),
    apiserverKubeletClient: placeholder('apiserver-kubelet-client'),
    apiserverEtcdClient: placeholder('apiserver-etcd-client'),
    frontProxyClient: placeholder('front-proxy-client'),
    etcdServer: perMember('server'),
    etcdPeer: perMember('peer'),
    flannelEtcdClient: placeholder('flannel'),
    serviceAccount: { publicKey: placeholder('sa').cert, privateKey: placeholder('sa').key },
    admin: placeholder('admin'),
    controllerManager: placeholder('controller-manager'),
    scheduler: placeholder('scheduler'),
    kubeProxy: placeholder('kube-proxy'),
    kubelets: staticKubelets
      ? Object.fromEntries(plan.hosts.filter((h) => h.runsKubelet).map((h) => [h.name, placeholder(h.name)]))
      : {},
    staticTokens: [],
    encryptionKey: Buffer.alloc(32).toString('base64'),
    reportTokens: Object.fromEntries(plan.hosts.map((h) => [h.name, placeholderReportToken(h.name)])),
  };
  if (!staticKubelets) pki.bootstrapToken = { id: 'abcdef', secret: '0123456789abcdef' };
  // The same token lines the real PKI carries, so the token-file paths are rendered here too.
  pki.staticTokens = staticTokens(pki.bootstrapToken);
  return pki;
}

/**
 * A HostConfig that breaks the contract generators rely on (host/check-host.ts), as the input
 * error it is when the host's user profiles produced it; a bug in bootforge otherwise.
 */
export function contractError(plan: ClusterPlan, index: number, error: HostConfigError): ProfileError {
  const host = plan.hosts[index];
  const fromProfiles = host !== undefined && host.spec.profiles.length > 0;
  return new ProfileError(
    'PROFILE_INVALID',
    error.message,
    fromProfiles ? `hosts[${index}].profiles` : `hosts[${index}]`,
    fromProfiles
      ? `Fix the files, units or steps that the profiles in ${plan.inventory.cluster.profilesDir ?? 'cluster.profilesDir'} add to this host.`
      : 'This is a bug in bootforge: please report it with the inventory.',
  );
}

/**
 * Throws the first ProfileError any host would raise, including a HostConfig that breaks the
 * contract generators rely on; returns nothing on success.
 */
export function preflightHostConfigs(plan: ClusterPlan, options: BuildOptions = {}): void {
  const pki = placeholderPki(plan);
  plan.hosts.forEach((host, i) => {
    const config = buildHostConfig(plan, host, pki, options);
    try {
      checkHostConfig(config);
    } catch (error) {
      if (!(error instanceof HostConfigError)) throw error;
      throw contractError(plan, i, error);
    }
  });
}
