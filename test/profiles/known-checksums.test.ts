import { describe, expect, it } from 'vitest';
import { resolveArtifacts } from '../../profiles/artifacts.js';
import { KNOWN_SHA256, knownSha256 } from '../../profiles/known-checksums.js';
import { ProfileError } from '../../profiles/errors.js';
import { planCluster } from '../../plan/plan-cluster.js';
import { defaultVersions } from '../../plan/versions.js';
import { parseInventory } from '../../inventory/load.js';
import type { ClusterPlan } from '../../plan/model.js';

function plan(kubernetes: string, runtime: 'docker' | 'containerd', extra = ''): ClusterPlan {
  const { inventory, diagnostics } = parseInventory(
    `version: 1
cluster:
  name: t
  os: ${kubernetes.startsWith('1.23') ? 'centos7' : 'el9'}
  runtime: ${runtime}
  kubernetes: { version: "${kubernetes}", serviceCIDR: 10.254.0.0/16, podCIDR: 192.168.0.0/16 }
  network: { cidr: 10.0.0.0/24, gateway: 10.0.0.1, nameservers: [10.0.0.1] }
  bootServer: http://10.0.0.2:8080
${extra}hosts:
  - { name: m1, roles: [master, etcd, node], ip: 10.0.0.11, mac: "52:54:00:00:00:11" }
`,
    't.yaml',
  );
  if (!inventory) throw new Error(JSON.stringify(diagnostics));
  return planCluster(inventory);
}

describe('known checksums for upstreams that publish none', () => {
  it('lists lower-case sha256 values only', () => {
    for (const table of Object.values(KNOWN_SHA256)) {
      for (const hash of Object.values(table)) expect(hash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('covers the default flannel and cri-dockerd of every supported Kubernetes minor', () => {
    for (let minor = 20; minor <= 35; minor++) {
      const d = defaultVersions(minor);
      expect(knownSha256('flannel', d.flannel), `flannel ${d.flannel} for 1.${minor}`).toBeDefined();
      expect(
        knownSha256('cri-dockerd', d.criDockerd),
        `cri-dockerd ${d.criDockerd} for 1.${minor}`,
      ).toBeDefined();
    }
  });

  it('verifies a default flannel and cri-dockerd without any inventory pin', () => {
    const [flannel, criDockerd] = resolveArtifacts(plan('1.34.2', 'docker'), ['flannel', 'cri-dockerd']);
    expect(flannel?.sha256).toBe(KNOWN_SHA256.flannel?.['0.27.4']);
    expect(flannel?.url).toBe(
      'https://github.com/flannel-io/flannel/releases/download/v0.27.4/flanneld-amd64',
    );
    expect(criDockerd?.sha256).toBe(KNOWN_SHA256['cri-dockerd']?.['0.3.20']);
  });

  it('lets an inventory pin win over the table', () => {
    const pin = 'c'.repeat(64);
    const p = plan('1.34.2', 'containerd', `  artifacts:\n    sha256: { flannel: "${pin}" }\n`);
    expect(resolveArtifacts(p, ['flannel'])[0]?.sha256).toBe(pin);
  });

  it('still requires a pin for a version it does not know', () => {
    const p = plan('1.34.2', 'containerd', '  versions: { flannel: "0.27.0" }\n');
    expect(() => resolveArtifacts(p, ['flannel'])).toThrow(ProfileError);
    expect(() => resolveArtifacts(p, ['flannel'])).toThrow(/flannel 0.27.0 publishes no checksum file/);
  });
});
