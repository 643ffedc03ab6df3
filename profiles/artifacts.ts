/**
 * Every binary a host downloads, where it comes from and how it is verified.
 *
 * Verification is never skipped: an artifact whose sha256 is pinned in the inventory
 * (`cluster.artifacts.sha256[name]`) is checked against the pin; otherwise the host downloads the
 * checksum file the upstream release publishes next to it and runs `sha256sum -c` before
 * installing. An upstream that publishes no checksum file (flannel, cri-dockerd) is checked against
 * profiles/known-checksums.ts for the versions listed there; any other version needs a pin, or
 * rendering stops with ARTIFACT_PIN_REQUIRED.
 *
 * `cluster.artifacts.mirror` replaces the scheme and host of every URL and keeps the upstream host
 * as the first path segment: https://github.com/a/b -> <mirror>/github.com/a/b. Mirroring the
 * upstream trees side by side this way keeps paths unambiguous.
 */
import type { ArtifactName, ArtifactsSpec, VersionPins } from '../inventory/model.js';
import type { ClusterPlan } from '../plan/model.js';
import { ProfileError } from './errors.js';
import { knownSha256 } from './known-checksums.js';
import { CNI_BIN } from './paths.js';
import { osFamily } from '../os/registry.js';
import { bare, atLeast } from '../plan/versions.js';

export type ChecksumFormat = 'sidecar' | 'sums';

export interface ArtifactInstall {
  /** Path inside the archive (as listed by `tar -tzf`, without a leading `./`); absent for a plain binary. */
  from?: string;
  to: string;
  mode: number;
}

export interface Artifact {
  /** Key in `cluster.artifacts.sha256` (`kube-apiserver`, `etcd`, `flannel`, ...). */
  name: string;
  version: string;
  kind: 'binary' | 'tar.gz';
  /** Download URL after the mirror rewrite. */
  url: string;
  /**
   * Upstream checksum file (after the mirror rewrite): `sidecar` holds the hash as its first word,
   * `sums` is a `sha256sum` listing searched for the artifact's file name. Absent when the upstream
   * publishes none.
   */
  checksum?: { url: string; format: ChecksumFormat };
  /** Lower-case hex pin from the inventory, when present. */
  sha256?: string;
  installs: ArtifactInstall[];
}

/** The names live with the inventory, which refuses a pin for any other name. */
export type ArtifactId = ArtifactName;

/** Rewrite an upstream URL onto the mirror, keeping the upstream host as the first path segment. */
export function mirrorUrl(url: string, mirror: string | undefined): string {
  if (!mirror) return url;
  const u = new URL(url);
  return `${mirror.replace(/\/+$/, '')}/${u.host}${u.pathname}${u.search}`;
}

/** The file name a URL downloads to. */
/** The OS family's directory for downloaded binaries. */
function binDir(plan: ClusterPlan): string {
  return osFamily(plan.inventory.cluster.os).binDir;
}

export function urlFileName(url: string): string {
  const name = new URL(url).pathname.split('/').pop();
  if (!name) throw new Error(`URL has no file name: ${url}`);
  return name;
}

interface Upstream {
  version: string;
  kind: Artifact['kind'];
  url: string;
  checksum?: { url: string; format: ChecksumFormat };
  installs: ArtifactInstall[];
}

function kubeBinary(plan: ClusterPlan, bin: string): Upstream {
  const url = `https://dl.k8s.io/release/v${bare(plan.versions.kubernetes)}/bin/linux/amd64/${bin}`;
  return {
    version: bare(plan.versions.kubernetes),
    kind: 'binary',
    url,
    checksum: { url: `${url}.sha256`, format: 'sidecar' },
    installs: [{ to: `${binDir(plan)}/${bin}`, mode: 0o755 }],
  };
}

function upstream(plan: ClusterPlan, id: ArtifactId): Upstream {
  const v = plan.versions;
  switch (id) {
    case 'kube-apiserver':
    case 'kube-controller-manager':
    case 'kube-scheduler':
    case 'kubectl':
    case 'kubelet':
    case 'kube-proxy':
      return kubeBinary(plan, id);
    case 'etcd': {
      const ver = bare(v.etcd);
      const dir = `etcd-v${ver}-linux-amd64`;
      const tools = atLeast(ver, '3.5.0') ? ['etcd', 'etcdctl', 'etcdutl'] : ['etcd', 'etcdctl'];
      return {
        version: ver,
        kind: 'tar.gz',
        url: `https://github.com/etcd-io/etcd/releases/download/v${ver}/${dir}.tar.gz`,
        checksum: {
          url: `https://github.com/etcd-io/etcd/releases/download/v${ver}/SHA256SUMS`,
          format: 'sums',
        },
        installs: tools.map((t) => ({ from: `${dir}/${t}`, to: `${binDir(plan)}/${t}`, mode: 0o755 })),
      };
    }
    case 'flannel': {
      // The plain binary rather than the tarball: its sha256 is what projects that verify flannel
      // publish (profiles/known-checksums.ts); mk-docker-opts.sh is replaced by our own template.
      const ver = bare(v.flannel);
      return {
        version: ver,
        kind: 'binary',
        url: `https://github.com/flannel-io/flannel/releases/download/v${ver}/flanneld-amd64`,
        installs: [{ to: `${binDir(plan)}/flanneld`, mode: 0o755 }],
      };
    }
    case 'flannel-cni': {
      const ver = bare(v.flannelCni);
      const url = `https://github.com/flannel-io/cni-plugin/releases/download/v${ver}/cni-plugin-flannel-linux-amd64-v${ver}.tgz`;
      return {
        version: ver,
        kind: 'tar.gz',
        url,
        checksum: { url: `${url}.sha256`, format: 'sidecar' },
        installs: [{ from: 'flannel-amd64', to: `${CNI_BIN}/flannel`, mode: 0o755 }],
      };
    }
    case 'cni-plugins': {
      const ver = bare(v.cniPlugins);
      const url = `https://github.com/containernetworking/plugins/releases/download/v${ver}/cni-plugins-linux-amd64-v${ver}.tgz`;
      return {
        version: ver,
        kind: 'tar.gz',
        url,
        checksum: { url: `${url}.sha256`, format: 'sidecar' },
        installs: ['bridge', 'host-local', 'loopback', 'portmap'].map((p) => ({
          from: p,
          to: `${CNI_BIN}/${p}`,
          mode: 0o755,
        })),
      };
    }
    case 'cri-dockerd': {
      const ver = bare(v.criDockerd ?? '');
      if (ver === '')
        throw new Error('plan has no cri-dockerd version for a docker host on Kubernetes >= 1.24');
      return {
        version: ver,
        kind: 'tar.gz',
        url: `https://github.com/Mirantis/cri-dockerd/releases/download/v${ver}/cri-dockerd-${ver}.amd64.tgz`,
        installs: [{ from: 'cri-dockerd/cri-dockerd', to: `${binDir(plan)}/cri-dockerd`, mode: 0o755 }],
      };
    }
    case 'containerd': {
      const ver = bare(v.containerd);
      const url = `https://github.com/containerd/containerd/releases/download/v${ver}/containerd-${ver}-linux-amd64.tar.gz`;
      return {
        version: ver,
        kind: 'tar.gz',
        url,
        checksum: { url: `${url}.sha256sum`, format: 'sidecar' },
        installs: ['containerd', 'containerd-shim-runc-v2', 'ctr'].map((b) => ({
          from: `bin/${b}`,
          to: `${binDir(plan)}/${b}`,
          mode: 0o755,
        })),
      };
    }
    case 'runc': {
      const ver = bare(v.runc);
      const base = `https://github.com/opencontainers/runc/releases/download/v${ver}`;
      return {
        version: ver,
        kind: 'binary',
        url: `${base}/runc.amd64`,
        checksum: { url: `${base}/runc.sha256sum`, format: 'sums' },
        installs: [{ to: `${osFamily(plan.inventory.cluster.os).sbinDir}/runc`, mode: 0o755 }],
      };
    }
  }
}

/** The version pin under cluster.versions that picks each artifact's version (kube-*: the Kubernetes version). */
const VERSION_PIN: Partial<Record<ArtifactId, keyof VersionPins>> = {
  etcd: 'etcd',
  flannel: 'flannel',
  'flannel-cni': 'flannelCni',
  'cni-plugins': 'cniPlugins',
  'cri-dockerd': 'criDockerd',
  containerd: 'containerd',
  runc: 'runc',
};

/**
 * Where a missing pin is reported: at the version the inventory pinned (the value that picked a
 * release without a checksum file), else at cluster.artifacts.sha256, where the pin goes.
 */
function pinRequiredPath(plan: ClusterPlan, id: ArtifactId): string {
  const key = VERSION_PIN[id];
  if (key !== undefined && plan.inventory.cluster.versions[key] !== undefined)
    return `cluster.versions.${key}`;
  return `cluster.artifacts.sha256.${id}`;
}

/** Resolve artifacts: mirror rewrite, inventory pins, and the pin requirement. */
export function resolveArtifacts(plan: ClusterPlan, ids: readonly ArtifactId[]): Artifact[] {
  const spec: ArtifactsSpec = plan.inventory.cluster.artifacts;
  return ids.map((id) => {
    const up = upstream(plan, id);
    const pin = spec.sha256[id]?.toLowerCase() ?? knownSha256(id, up.version);
    if (pin === undefined && up.checksum === undefined) {
      throw new ProfileError(
        'ARTIFACT_PIN_REQUIRED',
        `${id} ${up.version} publishes no checksum file, so its download cannot be verified without a pin`,
        pinRequiredPath(plan, id),
        `Add cluster.artifacts.sha256.${id}: <sha256 of ${urlFileName(up.url)}> to the inventory.`,
      );
    }
    const artifact: Artifact = {
      name: id,
      version: up.version,
      kind: up.kind,
      url: mirrorUrl(up.url, spec.mirror),
      installs: up.installs,
    };
    if (up.checksum)
      artifact.checksum = { url: mirrorUrl(up.checksum.url, spec.mirror), format: up.checksum.format };
    if (pin !== undefined) artifact.sha256 = pin;
    return artifact;
  });
}
