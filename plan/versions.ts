/**
 * Component versions: defaults per Kubernetes minor, overridable by `cluster.versions` pins.
 *
 * flannel and cri-dockerd defaults are versions whose sha256 bootforge knows
 * (profiles/known-checksums.ts), since those upstreams publish no checksum file.
 * The defaults follow what each Kubernetes release was built and tested with (kubeadm's etcd,
 * CoreDNS and pause images; the container-runtimes page for containerd), using released versions:
 * - <= 1.23, the classic setup: docker 20.10 through dockershim, etcd 3.4 and flannel v0.14.0,
 *   on the etcd v2 API (flannel <= 0.17), so etcd runs with `--enable-v2`.
 * - 1.24 to 1.30: containerd 1.6/1.7, docker 24 through cri-dockerd, etcd 3.5, flannel v0.22.1.
 * - 1.31 to 1.35: containerd 1.7/2.1, etcd 3.5 then 3.6 (kubeadm switched to 3.6 with 1.34),
 *   flannel v0.27 (etcd v3 API), cri-dockerd 0.3.
 */
import type { Runtime, VersionPins } from '../inventory/model.js';
import type { ComponentVersions } from './model.js';

export const MIN_KUBE_MINOR = 20;
export const MAX_KUBE_MINOR = 35;

/** The value of `versions.criDockerd` that leaves cri-dockerd out (valid only below 1.24). */
export const NONE = 'none';

type Defaults = Omit<ComponentVersions, 'kubernetes'> & { docker: string; criDockerd: string };

interface Band {
  /** Inclusive minor range. */
  from: number;
  to: number;
  versions: Defaults;
}

const CLASSIC = {
  etcd: '3.4.27',
  flannel: '0.14.0',
  flannelCni: '1.0.1',
  containerd: '1.6.20',
  runc: '1.1.5',
  docker: '20.10.24',
  criDockerd: '0.3.17',
} as const;

const BANDS: readonly Band[] = [
  { from: 20, to: 20, versions: { ...CLASSIC, cniPlugins: '0.9.1', coredns: '1.7.0', pause: '3.2' } },
  { from: 21, to: 21, versions: { ...CLASSIC, cniPlugins: '0.9.1', coredns: '1.8.0', pause: '3.4.1' } },
  { from: 22, to: 22, versions: { ...CLASSIC, cniPlugins: '1.1.1', coredns: '1.8.4', pause: '3.5' } },
  { from: 23, to: 23, versions: { ...CLASSIC, cniPlugins: '1.1.1', coredns: '1.8.6', pause: '3.6' } },
  ...[24, 25].map((minor) => ({
    from: minor,
    to: minor,
    versions: {
      etcd: '3.5.21',
      flannel: '0.22.1',
      flannelCni: '1.2.0',
      containerd: '1.6.20',
      runc: '1.1.5',
      docker: '24.0.9',
      criDockerd: '0.3.17',
      cniPlugins: '1.3.0',
      coredns: minor === 24 ? '1.8.6' : '1.9.3',
      pause: minor === 24 ? '3.7' : '3.8',
    },
  })),
  ...[26, 27, 28, 29, 30].map((minor) => ({
    from: minor,
    to: minor,
    versions: {
      etcd: '3.5.21',
      flannel: '0.22.1',
      flannelCni: '1.2.0',
      containerd: '1.7.27',
      runc: '1.2.5',
      docker: '24.0.9',
      criDockerd: '0.3.17',
      cniPlugins: '1.3.0',
      coredns: minor === 26 ? '1.9.3' : minor <= 28 ? '1.10.1' : '1.11.1',
      pause: '3.9',
    },
  })),
  ...[31, 32, 33].map((minor) => ({
    from: minor,
    to: minor,
    versions: {
      etcd: '3.5.21',
      flannel: '0.27.4',
      flannelCni: '1.7.1-flannel2',
      containerd: '1.7.27',
      runc: '1.2.5',
      docker: '27.5.1',
      criDockerd: '0.3.17',
      cniPlugins: '1.5.1',
      coredns: minor === 33 ? '1.12.0' : '1.11.3',
      pause: '3.10',
    },
  })),
  ...[34, 35].map((minor) => ({
    from: minor,
    to: minor,
    versions: {
      etcd: minor === 34 ? '3.6.4' : '3.6.6',
      flannel: '0.27.4',
      flannelCni: '1.7.1-flannel2',
      containerd: '2.1.3',
      // 1.3.3 / docker 28.5.2: the fixes for CVE-2025-31133 and its siblings (November 2025).
      runc: '1.3.3',
      docker: '28.5.2',
      criDockerd: '0.3.20',
      cniPlugins: '1.7.1',
      coredns: '1.12.1',
      pause: '3.10.1',
    },
  })),
];

const VERSION = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+][0-9A-Za-z.-]+)?$/;

/** `1.23.17` -> [1, 23, 17]; a leading `v` and a `-suffix` are accepted; undefined if malformed. */
export function parseVersion(text: string): [number, number, number] | undefined {
  const m = VERSION.exec(text.trim());
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

/** Is `text` a version number as we accept it in pins (`3.5.21`, `v0.17.0`, `1.7.1-flannel2`)? */
export function isVersion(text: string): boolean {
  return parseVersion(text) !== undefined;
}

/** Numeric comparison of MAJOR.MINOR.PATCH (suffixes ignored): negative, 0 or positive. */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a) ?? [0, 0, 0];
  const pb = parseVersion(b) ?? [0, 0, 0];
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** True when `version` >= `floor`. */
export function atLeast(version: string, floor: string): boolean {
  return compareVersions(version, floor) >= 0;
}

/** The Kubernetes minor: `1.23.17` -> 23. NaN when malformed or not 1.x. */
export function kubeMinor(version: string): number {
  const v = parseVersion(version);
  return v && v[0] === 1 ? v[1] : NaN;
}

export function isSupportedKubernetes(version: string): boolean {
  const minor = kubeMinor(version);
  return Number.isInteger(minor) && minor >= MIN_KUBE_MINOR && minor <= MAX_KUBE_MINOR;
}

/** Default versions for a supported Kubernetes minor (clamped into the supported range). */
export function defaultVersions(minor: number): Defaults {
  const clamped = Math.min(
    MAX_KUBE_MINOR,
    Math.max(MIN_KUBE_MINOR, Number.isFinite(minor) ? minor : MAX_KUBE_MINOR),
  );
  const band = BANDS.find((b) => clamped >= b.from && clamped <= b.to);
  if (!band) throw new Error(`no version defaults for Kubernetes 1.${clamped}`);
  return band.versions;
}

/** Strip a leading `v`: pins may be written like the release tags. */
export function bare(version: string): string {
  return version.trim().replace(/^v/, '');
}

/** Does docker need cri-dockerd at this Kubernetes minor (dockershim is gone from 1.24)? */
export function needsCriDockerd(minor: number): boolean {
  return minor >= 24;
}

/**
 * The versions a cluster runs: pins first, else the defaults for its Kubernetes minor.
 * docker and cri-dockerd appear only when the runtime is docker (cri-dockerd only from 1.24).
 */
export function resolveVersions(kubernetes: string, runtime: Runtime, pins: VersionPins): ComponentVersions {
  const minor = kubeMinor(kubernetes);
  const d = defaultVersions(minor);
  const pick = (pin: string | undefined, fallback: string): string =>
    pin === undefined ? fallback : bare(pin);
  const resolved: ComponentVersions = {
    kubernetes: bare(kubernetes),
    etcd: pick(pins.etcd, d.etcd),
    flannel: pick(pins.flannel, d.flannel),
    flannelCni: pick(pins.flannelCni, d.flannelCni),
    containerd: pick(pins.containerd, d.containerd),
    runc: pick(pins.runc, d.runc),
    cniPlugins: pick(pins.cniPlugins, d.cniPlugins),
    coredns: pick(pins.coredns, d.coredns),
    pause: pick(pins.pause, d.pause),
  };
  if (runtime === 'docker') {
    resolved.docker = pick(pins.docker, d.docker);
    const cri = pick(pins.criDockerd, d.criDockerd);
    if (needsCriDockerd(minor) && cri !== NONE) resolved.criDockerd = cri;
  }
  return resolved;
}

/** flannel <= 0.17 speaks only the etcd v2 API; 0.18 moved to v3. */
export function flannelEtcdApi(flannel: string): 'v2' | 'v3' {
  return atLeast(flannel, '0.18.0') ? 'v3' : 'v2';
}

/** etcd 3.6 removed the v2 API (and `--enable-v2`). */
export function etcdServesV2(etcd: string): boolean {
  return !atLeast(etcd, '3.6.0');
}
