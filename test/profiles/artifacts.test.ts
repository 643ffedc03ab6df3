/** Downloads: verified by a pin or the upstream checksum file; the mirror keeps upstream paths. */
import { describe, expect, it } from 'vitest';
import { isRemote, type RemoteFile } from '../../host/host-config.js';
import { mirrorUrl, resolveArtifacts } from '../../profiles/artifacts.js';
import { buildHostConfig } from '../../profiles/build-host-config.js';
import { artifactPinDiagnostics } from '../../profiles/diagnostics.js';
import { ProfileError } from '../../profiles/errors.js';
import { classicPlan, currentPlan, fakePki } from './fixtures.js';
import { file } from './support.js';

describe('artifacts', () => {
  it('kube binaries come from dl.k8s.io with the .sha256 the release publishes', () => {
    const [api] = resolveArtifacts(classicPlan(), ['kube-apiserver']);
    expect(api).toMatchObject({
      url: 'https://dl.k8s.io/release/v1.23.17/bin/linux/amd64/kube-apiserver',
      checksum: {
        url: 'https://dl.k8s.io/release/v1.23.17/bin/linux/amd64/kube-apiserver.sha256',
        format: 'sidecar',
      },
    });
    const [etcd] = resolveArtifacts(classicPlan(), ['etcd']);
    expect(etcd?.checksum).toEqual({
      url: 'https://github.com/etcd-io/etcd/releases/download/v3.4.27/SHA256SUMS',
      format: 'sums',
    });
  });

  it('the mirror replaces scheme and host and keeps the upstream host as the first path segment', () => {
    expect(
      mirrorUrl('https://dl.k8s.io/release/v1.31.4/bin/linux/amd64/kubelet', 'http://mirror.lan/dl/'),
    ).toBe('http://mirror.lan/dl/dl.k8s.io/release/v1.31.4/bin/linux/amd64/kubelet');
    const plan = currentPlan({ version: '1.31.4' });
    const mirrored = {
      ...plan,
      inventory: {
        ...plan.inventory,
        cluster: {
          ...plan.inventory.cluster,
          artifacts: { ...plan.inventory.cluster.artifacts, mirror: 'http://mirror.lan' },
        },
      },
    };
    const node = buildHostConfig(
      mirrored,
      mirrored.hosts.find((h) => h.name === 'worker1')!,
      fakePki(mirrored),
    );
    const script = file(node, '/usr/local/libexec/bootforge/install-artifacts.sh').content;
    expect(script).not.toMatch(/https:\/\/(github\.com|dl\.k8s\.io)/);
    expect(script).toContain('http://mirror.lan/github.com/flannel-io/cni-plugin/releases/download/');
    expect(node.repositories.map((r) => [r.baseurl, r.gpgkey])).toEqual([
      [
        'http://mirror.lan/download.docker.com/linux/centos/$releasever/$basearch/stable',
        'http://mirror.lan/download.docker.com/linux/centos/gpg',
      ],
    ]);
  });

  it('an artifact without an upstream checksum file, a known checksum or a pin stops rendering', () => {
    const plan = classicPlan({ pins: {}, versions: { flannel: '0.17.0' } });
    const bare = {
      ...plan,
      inventory: { ...plan.inventory, cluster: { ...plan.inventory.cluster, artifacts: { sha256: {} } } },
    };
    let caught: unknown;
    try {
      resolveArtifacts(bare, ['flannel']);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ProfileError);
    expect((caught as ProfileError).code).toBe('ARTIFACT_PIN_REQUIRED');
    // At the pinned version: the value that picked a release without a checksum file.
    expect((caught as ProfileError).path).toBe('cluster.versions.flannel');
  });

  it('a pinned single binary is a RemoteFile with its sha256; unpinned ones go through the install script', () => {
    const pin = 'c'.repeat(64);
    const plan = classicPlan({ pins: { kubelet: pin } });
    const node = buildHostConfig(
      plan,
      plan.hosts.find((h) => h.name === 'knode2')!,
      fakePki(plan),
    );
    const remote = node.files.filter(isRemote);
    expect(remote.find((f) => f.path === '/usr/local/bin/kubelet')).toEqual<RemoteFile>({
      path: '/usr/local/bin/kubelet',
      mode: 0o755,
      url: 'https://dl.k8s.io/release/v1.23.17/bin/linux/amd64/kubelet',
      sha256: pin,
    });
    const script = file(node, '/usr/local/libexec/bootforge/install-artifacts.sh').content;
    expect(script).not.toContain('/bin/linux/amd64/kubelet');
    expect(script).toContain('kube-proxy.sha256');
    // flannel is pinned (fixture) and a plain binary: a RemoteFile checked against the pin, not the known table.
    expect(remote.find((f) => f.path === '/usr/local/bin/flanneld')).toEqual<RemoteFile>({
      path: '/usr/local/bin/flanneld',
      mode: 0o755,
      url: 'https://github.com/flannel-io/flannel/releases/download/v0.14.0/flanneld-amd64',
      sha256: 'a'.repeat(64),
    });
  });

  it('EL hosts install docker-ce and containerd.io from the docker-ce repository with its GPG key', () => {
    const plan = classicPlan();
    const node = buildHostConfig(
      plan,
      plan.hosts.find((h) => h.name === 'knode2')!,
      fakePki(plan),
    );
    expect(node.repositories).toEqual([
      {
        id: 'docker-ce-stable',
        name: 'Docker CE Stable - $basearch',
        baseurl: 'https://download.docker.com/linux/centos/$releasever/$basearch/stable',
        gpgkey: 'https://download.docker.com/linux/centos/gpg',
        gpgcheck: true,
      },
    ]);
    expect(node.packages).toEqual(
      expect.arrayContaining(['docker-ce-20.10.24', 'docker-ce-cli-20.10.24', 'containerd.io-1.6.20']),
    );
  });
});

describe('artifactPinDiagnostics', () => {
  it('lists every unverifiable artifact of the cluster at once', () => {
    const plan = currentPlan({
      runtime: 'docker',
      version: '1.27.16',
      versions: { flannel: '0.24.0', criDockerd: '0.3.19' },
    });
    const unpinned = {
      ...plan,
      inventory: { ...plan.inventory, cluster: { ...plan.inventory.cluster, artifacts: { sha256: {} } } },
    };
    expect(artifactPinDiagnostics(unpinned).map((d) => [d.code, d.path])).toEqual([
      ['ARTIFACT_PIN_REQUIRED', 'cluster.versions.criDockerd'],
      ['ARTIFACT_PIN_REQUIRED', 'cluster.versions.flannel'],
    ]);
    expect(artifactPinDiagnostics(plan)).toEqual([]);
  });
});
