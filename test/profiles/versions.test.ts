/**
 * Flags by Kubernetes version: for each minor in the table, no removed flag is rendered and the
 * required ones are. The expectations are written out here from k8s-reference.md §2 (not read
 * from the profiles' own table), so a wrong table entry fails these tests.
 */
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { HostConfig } from '../../host/host-config.js';
import { buildHostConfig } from '../../profiles/build-host-config.js';
import { fakePki, makePlan, type PlanOptions } from './fixtures.js';
import { file, unitText } from './support.js';

/** `--name=value` flags of a unit's ExecStart (continuation lines included). */
function execFlags(unit: string): Map<string, string | true> {
  const m = /^ExecStart=((?:[^\n]*\\\n)*[^\n]*)/m.exec(unit);
  if (!m?.[1]) throw new Error('no ExecStart');
  const flags = new Map<string, string | true>();
  for (const word of m[1].replace(/\\\n/g, ' ').split(/\s+/)) {
    const f = /^--([^=]+)(?:=(.*))?$/.exec(word);
    if (f?.[1]) flags.set(f[1], f[2] ?? true);
  }
  return flags;
}

function render(o: PlanOptions): { master: HostConfig; node: HostConfig; etcd: HostConfig } {
  const plan = makePlan(o);
  const pki = fakePki(plan);
  const pick = (role: string): HostConfig => {
    const host = plan.hosts.find((h) => h.roles.includes(role as 'etcd'));
    if (!host) throw new Error(role);
    return buildHostConfig(plan, host, pki);
  };
  return { master: pick('master'), node: pick('node'), etcd: pick('etcd') };
}

const VERSIONS = ['1.20.15', '1.22.17', '1.23.17', '1.24.17', '1.25.16', '1.27.16', '1.31.4', '1.35.0'];
const minorOf = (v: string): number => Number(v.split('.')[1]);

describe.each(VERSIONS.flatMap((v) => (['docker', 'containerd'] as const).map((r) => [v, r] as const)))(
  'Kubernetes %s with %s',
  (version, runtime) => {
    const minor = minorOf(version);
    const { master, node, etcd } = render({ version, runtime, os: minor >= 31 ? 'el9' : 'centos7' });
    const api = execFlags(unitText(master, 'kube-apiserver.service'));
    const cm = execFlags(unitText(master, 'kube-controller-manager.service'));
    const sched = execFlags(unitText(master, 'kube-scheduler.service'));
    const kubelet = execFlags(unitText(node, 'kubelet.service'));
    const proxy = execFlags(unitText(node, 'kube-proxy.service'));
    const kubeletConfig = load(file(node, '/var/lib/kubelet/config.yaml').content) as Record<string, unknown>;

    it('kube-apiserver: service-account flags required from 1.20; no removed flag', () => {
      for (const f of [
        'service-account-issuer',
        'service-account-signing-key-file',
        'service-account-key-file',
      ]) {
        expect(api.has(f), f).toBe(true);
      }
      for (const f of [
        'etcd-servers',
        'etcd-cafile',
        'client-ca-file',
        'tls-cert-file',
        'enable-admission-plugins',
      ]) {
        expect(api.has(f), f).toBe(true);
      }
      expect(api.has('insecure-port')).toBe(false);
      expect(api.has('insecure-bind-address')).toBe(false);
      expect(api.has('kubelet-https')).toBe(false);
      expect(api.has('admission-control')).toBe(false);
      expect(api.has('apiserver-count')).toBe(false);
      expect(api.has('experimental-encryption-provider-config')).toBe(false);
      expect(api.get('encryption-provider-config')).toBe('/etc/kubernetes/encryption-config.yaml');
    });

    it('controller-manager and scheduler: insecure port off before 1.24, absent from 1.24', () => {
      for (const flags of [cm, sched]) {
        if (minor < 24) expect(flags.get('port')).toBe('0');
        else expect(flags.has('port')).toBe(false);
        expect(flags.has('address')).toBe(false);
        expect(flags.has('master')).toBe(false);
      }
      expect(cm.get('kubeconfig')).toBe('/etc/kubernetes/controller-manager.conf');
      expect(cm.get('cluster-cidr')).toBe('192.168.0.0/16');
    });

    it('scheduler config uses the API version the minor serves', () => {
      const config = load(file(master, '/etc/kubernetes/config/kube-scheduler.yaml').content) as {
        apiVersion: string;
      };
      const expected = minor >= 25 ? 'v1' : minor >= 23 ? 'v1beta3' : minor === 22 ? 'v1beta2' : 'v1beta1';
      expect(config.apiVersion).toBe(`kubescheduler.config.k8s.io/${expected}`);
      expect(sched.get('config')).toBe('/etc/kubernetes/config/kube-scheduler.yaml');
    });

    it('kubelet: runtime flags follow the version', () => {
      for (const f of [
        'network-plugin',
        'cni-bin-dir',
        'cni-conf-dir',
        'docker-endpoint',
        'allow-privileged',
      ]) {
        expect(kubelet.has(f), f).toBe(false);
      }
      for (const f of ['cgroup-driver', 'cluster-dns', 'tls-cert-file', 'fail-swap-on'])
        expect(kubelet.has(f), f).toBe(false);
      expect(kubelet.get('config')).toBe('/var/lib/kubelet/config.yaml');
      const socket =
        runtime === 'containerd' ? 'unix:///run/containerd/containerd.sock' : 'unix:///run/cri-dockerd.sock';
      if (minor >= 27) {
        expect(kubelet.has('container-runtime')).toBe(false);
        expect(kubelet.has('container-runtime-endpoint')).toBe(false);
        expect(kubeletConfig.containerRuntimeEndpoint).toBe(socket);
      } else if (runtime === 'docker' && minor < 24) {
        // dockershim: built in, no CRI socket, pods on docker0.
        expect(kubelet.has('container-runtime')).toBe(false);
        expect(kubelet.has('container-runtime-endpoint')).toBe(false);
        expect(kubelet.has('pod-infra-container-image')).toBe(true);
      } else {
        expect(kubelet.get('container-runtime')).toBe('remote');
        expect(kubelet.get('container-runtime-endpoint')).toBe(socket);
        expect(kubeletConfig.containerRuntimeEndpoint).toBeUndefined();
      }
      if (minor >= 24) expect(kubelet.has('pod-infra-container-image')).toBe(false);
      expect(kubeletConfig.cgroupDriver).toBe('systemd');
      expect(kubeletConfig.clusterDNS).toEqual(['10.254.0.10']);
    });

    it('cri-dockerd exactly when docker meets Kubernetes >= 1.24', () => {
      const names = node.units.map((u) => u.name);
      const expected = runtime === 'docker' && minor >= 24;
      expect(names.includes('cri-docker.service')).toBe(expected);
      expect(names.includes('cri-docker.socket')).toBe(expected);
      if (expected) expect(execFlags(unitText(node, 'cri-docker.service')).get('network-plugin')).toBe('');
    });

    it('kube-proxy takes everything from its config file', () => {
      expect([...proxy.keys()].sort()).toEqual(['config', 'v']);
      const config = load(file(node, '/var/lib/kube-proxy/config.yaml').content) as Record<string, unknown>;
      expect(config.apiVersion).toBe('kubeproxy.config.k8s.io/v1alpha1');
      expect(config.clusterCIDR).toBe('192.168.0.0/16');
    });

    it('etcd: --enable-v2 exactly when flannel needs the v2 API on an etcd that has it', () => {
      const flags = execFlags(unitText(etcd, 'etcd.service'));
      const flannelV2 = minor <= 23;
      expect(flags.get('enable-v2')).toBe(flannelV2 ? 'true' : undefined);
      expect(flags.has('initial-cluster')).toBe(true);
      expect(flags.get('client-cert-auth')).toBe('true');
      expect(flags.get('peer-client-cert-auth')).toBe('true');
      expect(
        etcd.files.some((f) => f.path === '/usr/local/libexec/bootforge/flannel-network-config.sh'),
      ).toBe(true);
      const script = file(etcd, '/usr/local/libexec/bootforge/flannel-network-config.sh').content;
      expect(script.includes('/v2/keys')).toBe(flannelV2);
      expect(script.includes('etcdctl')).toBe(!flannelV2);
    });
  },
);

describe('cgroup v1 hosts', () => {
  it('CentOS 7 from 1.31 sets failCgroupV1: false; EL9 never does', () => {
    const centos = render({ version: '1.31.4', os: 'centos7', runtime: 'containerd' }).node;
    const el9 = render({ version: '1.31.4', os: 'el9', runtime: 'containerd' }).node;
    const cfg = (h: HostConfig): Record<string, unknown> =>
      load(file(h, '/var/lib/kubelet/config.yaml').content) as Record<string, unknown>;
    expect(cfg(centos).failCgroupV1).toBe(false);
    expect(cfg(el9).failCgroupV1).toBeUndefined();
    expect(
      cfg(render({ version: '1.27.16', os: 'centos7', runtime: 'containerd' }).node).failCgroupV1,
    ).toBeUndefined();
  });
});

describe('etcd 3.6 with a flannel that needs the v2 API', () => {
  it('refuses to render rather than emit a flag etcd 3.6 removed (validation rejects it first)', () => {
    const valid = makePlan({ version: '1.23.17' });
    const plan = { ...valid, versions: { ...valid.versions, etcd: '3.6.4' } };
    const etcdHost = plan.hosts.find((h) => h.roles.includes('etcd'));
    expect(etcdHost).toBeDefined();
    if (etcdHost) expect(() => buildHostConfig(plan, etcdHost, fakePki(plan))).toThrow(/v2 API/);
  });
});
