/**
 * Command-line flags as data, and the table of Kubernetes flags whose existence depends on the
 * minor version. Every flag list a profile renders goes through `checkFlags`, so a flag removed in
 * the version being rendered can never reach a unit file: rendering fails instead (a bug).
 */
import { systemdArg } from '../shell.js';

export interface Flag {
  name: string;
  /** Absent for a bare switch (`--ip-masq`); '' renders `--name=` (an explicitly empty value). */
  value?: string;
}

export type KubeComponent =
  'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kubelet' | 'kube-proxy';

export interface FlagLifecycle {
  /** First minor with the flag. */
  since?: number;
  /** First minor without it. */
  removedIn?: number;
  /**
   * From this minor on, bootforge sets the value in the component's config file instead (the flag
   * still parses but is deprecated).
   */
  configFrom?: number;
  /** Never rendered: legacy flags from old guides that do not belong in any supported version. */
  never?: true;
  /** Why, with the upstream reference. */
  note: string;
}

/** Flags whose presence depends on the Kubernetes minor version (k8s-reference.md §2). */
export const FLAG_LIFECYCLE: Record<KubeComponent, Record<string, FlagLifecycle>> = {
  'kube-apiserver': {
    'insecure-port': { removedIn: 24, note: 'removed in 1.24 (#106859); only 0 allowed from 1.20' },
    'insecure-bind-address': { removedIn: 24, note: 'removed in 1.24 (#106859)' },
    address: { removedIn: 24, note: 'removed in 1.24 (#106859)' },
    port: { removedIn: 24, note: 'removed in 1.24 (#106859)' },
    'kubelet-https': { removedIn: 22, note: 'removed in 1.22 (#101178)' },
    'service-account-issuer': { since: 20, note: 'required from 1.20 (#95896)' },
    'service-account-signing-key-file': { since: 20, note: 'required from 1.20 (#95896)' },
    'apiserver-count': { never: true, note: 'deprecated in 1.24; the lease reconciler is the default' },
    'admission-control': { never: true, note: 'deprecated since 1.10; use --enable-admission-plugins' },
    'experimental-encryption-provider-config': { never: true, note: 'renamed --encryption-provider-config' },
    'enable-swagger-ui': { never: true, note: 'removed long ago' },
    'storage-backend': { never: true, note: 'etcd2 removed in 1.13; etcd3 is the only backend' },
  },
  'kube-controller-manager': {
    port: { removedIn: 24, note: 'insecure serving: only 0 from 1.20 (#96345), removed in 1.24 (#106860)' },
    address: { removedIn: 24, note: 'removed in 1.24 (#106860)' },
    master: { never: true, note: 'needs the insecure :8080 apiserver port, which no longer exists' },
  },
  'kube-scheduler': {
    port: { removedIn: 24, note: 'insecure serving: only 0 from 1.20 (#96345), removed in 1.24 (#106860)' },
    address: { removedIn: 24, note: 'removed in 1.24 (#106860)' },
    master: { never: true, note: 'needs the insecure :8080 apiserver port, which no longer exists' },
  },
  kubelet: {
    'network-plugin': { removedIn: 24, note: 'dockershim flags removed in 1.24 (#106907)' },
    'cni-bin-dir': { removedIn: 24, note: 'removed in 1.24 (#106907)' },
    'cni-conf-dir': { removedIn: 24, note: 'removed in 1.24 (#106907)' },
    'cni-cache-dir': { removedIn: 24, note: 'removed in 1.24 (#106907)' },
    'docker-endpoint': { removedIn: 24, note: 'removed in 1.24 (#106907)' },
    'image-pull-progress-deadline': { removedIn: 24, note: 'removed in 1.24 (#106907)' },
    'network-plugin-mtu': { removedIn: 24, note: 'removed in 1.24 (#106907)' },
    'pod-infra-container-image': {
      configFrom: 24,
      note: 'dockershim only; deprecated in 1.24, the sandbox image is set in the runtime',
    },
    'container-runtime': { removedIn: 27, note: 'must be remote in 1.24-1.26, removed in 1.27' },
    'container-runtime-endpoint': {
      configFrom: 27,
      note: 'KubeletConfiguration containerRuntimeEndpoint from 1.27',
    },
    'allow-privileged': { removedIn: 15, note: 'removed in 1.15' },
    'api-servers': { never: true, note: 'pre-1.8 flag; use --kubeconfig' },
    'require-kubeconfig': { never: true, note: 'pre-1.10 flag' },
    'enable-custom-metrics': { never: true, note: 'removed long ago' },
    'cgroup-driver': { never: true, note: 'deprecated in favour of --config (cgroupDriver)' },
    'cluster-dns': { never: true, note: 'deprecated in favour of --config (clusterDNS)' },
    'tls-cert-file': { never: true, note: 'deprecated in favour of --config (tlsCertFile)' },
    'client-ca-file': { never: true, note: 'deprecated in favour of --config (authentication.x509)' },
    'fail-swap-on': { never: true, note: 'deprecated in favour of --config (failSwapOn)' },
  },
  'kube-proxy': {
    'cluster-cidr': { never: true, note: 'set clusterCIDR in KubeProxyConfiguration' },
  },
};

/** Is `flag` allowed for `component` in `minor`? Returns the reason when it is not. */
export function flagProblem(component: KubeComponent, minor: number, flag: string): string | undefined {
  const life = FLAG_LIFECYCLE[component][flag];
  if (!life) return undefined;
  if (life.never) return `--${flag} is never rendered: ${life.note}`;
  if (life.since !== undefined && minor < life.since)
    return `--${flag} does not exist before 1.${life.since}`;
  if (life.removedIn !== undefined && minor >= life.removedIn) return `--${flag}: ${life.note}`;
  if (life.configFrom !== undefined && minor >= life.configFrom) return `--${flag}: ${life.note}`;
  return undefined;
}

/** Throw when a flag list contains a flag that must not appear in `minor`, or a duplicate. */
export function checkFlags(component: KubeComponent, minor: number, flags: readonly Flag[]): readonly Flag[] {
  const seen = new Set<string>();
  for (const f of flags) {
    if (seen.has(f.name)) throw new Error(`${component}: duplicate flag --${f.name}`);
    seen.add(f.name);
    const problem = flagProblem(component, minor, f.name);
    if (problem) throw new Error(`${component} 1.${minor}: ${problem}`);
  }
  return flags;
}

/** `--name=value` (or `--name`), escaped for an ExecStart= line. */
export function formatFlag(flag: Flag): string {
  return flag.value === undefined ? `--${flag.name}` : `--${flag.name}=${systemdArg(flag.value)}`;
}

/** Flags from `[name, value]` pairs, skipping pairs whose value is `false` (conditional flags). */
export function flags(...pairs: ([string, string | undefined] | false)[]): Flag[] {
  const out: Flag[] = [];
  for (const p of pairs) {
    if (p === false) continue;
    out.push(p[1] === undefined ? { name: p[0] } : { name: p[0], value: p[1] });
  }
  return out;
}
