/**
 * Version rules: the Kubernetes version itself, pins, and combinations that cannot work.
 */
import {
  MAX_KUBE_MINOR,
  MIN_KUBE_MINOR,
  NONE,
  atLeast,
  etcdServesV2,
  flannelEtcdApi,
  isVersion,
  kubeMinor,
  needsCriDockerd,
  resolveVersions,
} from '../../plan/versions.js';
import type { Inventory, VersionPins } from '../model.js';
import type { Reporter } from '../report.js';

const K8S_VERSION = /^\d+\.\d+\.\d+$/;
const BARE_MINOR = /^\d+\.\d+$/;

export function checkVersions(inventory: Inventory, report: Reporter): void {
  const { cluster } = inventory;
  const version = cluster.kubernetes.version;
  const at = ['cluster', 'kubernetes', 'version'];
  // A bare supported MAJOR.MINOR was expanded to its newest patch by the defaults; one left here
  // names a minor outside the supported range.
  if (!K8S_VERSION.test(version) && !BARE_MINOR.test(version)) {
    const hint = /^v\d/.test(version)
      ? `drop the leading v: "${version.slice(1)}"`
      : 'write the release in quotes, e.g. "1.23.17", or "1.23" for the newest 1.23 patch bootforge knows';
    report.error(
      at,
      'BAD_KUBERNETES_VERSION',
      `'${version}' is not a Kubernetes version MAJOR.MINOR.PATCH (or MAJOR.MINOR)`,
      hint,
    );
    return;
  }
  const minor = kubeMinor(version);
  if (!(minor >= MIN_KUBE_MINOR && minor <= MAX_KUBE_MINOR)) {
    report.error(
      at,
      'UNSUPPORTED_KUBERNETES_VERSION',
      `Kubernetes ${version} is not supported`,
      `use a release from 1.${MIN_KUBE_MINOR} to 1.${MAX_KUBE_MINOR}`,
    );
    return;
  }

  const pins = cluster.versions;
  let pinsOk = true;
  for (const [name, pin] of Object.entries(pins) as [keyof VersionPins, string][]) {
    if (name === 'criDockerd' && pin === NONE) continue;
    if (!isVersion(pin)) {
      pinsOk = false;
      report.error(
        ['cluster', 'versions', name],
        'BAD_VERSION_PIN',
        `'${pin}' is not a version number`,
        `write a released version in quotes, e.g. "1.2.3"${name === 'criDockerd' ? ', or "none"' : ''}`,
      );
    }
  }

  const runtime = cluster.runtime;
  if (runtime === 'containerd') {
    for (const name of ['docker', 'criDockerd'] as const) {
      if (pins[name] !== undefined) {
        report.warning(
          ['cluster', 'versions', name],
          'UNUSED_VERSION_PIN',
          `versions.${name} is ignored: the runtime is containerd`,
          `remove versions.${name}, or set runtime: docker`,
        );
      }
    }
  } else if (pins.criDockerd !== undefined) {
    if (needsCriDockerd(minor) && pins.criDockerd === NONE) {
      report.error(
        ['cluster', 'versions', 'criDockerd'],
        'DOCKER_NEEDS_CRI_DOCKERD',
        `docker on Kubernetes ${version} needs cri-dockerd: dockershim was removed in 1.24`,
        'remove versions.criDockerd (bootforge then installs cri-dockerd), or use runtime: containerd',
      );
    } else if (!needsCriDockerd(minor) && pins.criDockerd !== NONE) {
      report.warning(
        ['cluster', 'versions', 'criDockerd'],
        'UNUSED_VERSION_PIN',
        `versions.criDockerd is ignored: Kubernetes ${version} still has dockershim`,
        'remove versions.criDockerd',
      );
    }
  }

  if (cluster.os === 'centos7' && minor >= 35) {
    report.error(
      at,
      'CGROUP_V1_UNSUPPORTED',
      `CentOS 7 has only cgroup v1, which kubelet ${version} refuses`,
      'use os: el9 (cgroup v2), or Kubernetes 1.34 or older',
    );
  } else if (cluster.os === 'centos7' && minor >= 31) {
    report.warning(
      at,
      'CGROUP_V1_DEPRECATED',
      `CentOS 7 has only cgroup v1, which is in maintenance mode from Kubernetes 1.31`,
      'plan a move to os: el9 (cgroup v2) before Kubernetes 1.35',
    );
  }

  if (!pinsOk) return;
  const resolved = resolveVersions(version, runtime, pins);
  if (flannelEtcdApi(resolved.flannel) === 'v2' && !etcdServesV2(resolved.etcd)) {
    const where = pins.flannel !== undefined ? 'flannel' : 'etcd';
    report.error(
      ['cluster', 'versions', where],
      'FLANNEL_NEEDS_ETCD_V2',
      `flannel ${resolved.flannel} speaks only the etcd v2 API, which etcd ${resolved.etcd} no longer serves (removed in 3.6)`,
      'use flannel >= 0.18.0 (etcd v3 API), or etcd 3.5.x with --enable-v2',
    );
  }
  if (runtime === 'containerd' && minor >= 26 && !atLeast(resolved.containerd, '1.6.0')) {
    report.error(
      ['cluster', 'versions', 'containerd'],
      'CONTAINERD_TOO_OLD',
      `Kubernetes ${version} needs the CRI v1 API: containerd 1.6 or newer, not ${resolved.containerd}`,
      'remove the pin to get the default, or pin containerd >= 1.7',
    );
  }
}
