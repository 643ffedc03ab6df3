import { describe, expect, it } from 'vitest';
import { applyDefaults, HOST_DEFAULT_FROM } from '../../inventory/defaults.js';

function document(
  overrides: { kubernetes?: object; network?: object; install?: object; host?: object } = {},
) {
  return {
    version: 1,
    cluster: {
      name: 'c',
      os: 'el9',
      runtime: 'containerd',
      kubernetes: {
        version: '1.30.1',
        serviceCIDR: '10.96.0.0/16',
        podCIDR: '10.244.0.0/16',
        ...overrides.kubernetes,
      },
      network: { cidr: '10.0.0.0/24', gateway: '10.0.0.1', nameservers: ['10.0.0.1'], ...overrides.network },
      bootServer: 'http://10.0.0.2',
      ...(overrides.install ? { install: overrides.install } : {}),
    },
    hosts: [{ name: 'a', roles: ['master'], ip: '10.0.0.11', mac: '52-54-00-AA-BB-CC', ...overrides.host }],
  };
}

describe('applyDefaults', () => {
  it('fills in the schema defaults', () => {
    const { cluster, hosts } = applyDefaults(document());
    expect(cluster.kubernetes).toMatchObject({ dnsDomain: 'cluster.local', apiServerSANs: [] });
    expect(cluster.kubernetes.nodeSubnetLength).toBeUndefined();
    expect(cluster.network).toMatchObject({
      interface: 'eth0',
      mtu: 1500,
      ntpServers: [],
      searchDomains: [],
    });
    expect(cluster.install).toEqual({
      disk: '/dev/sda',
      timezone: 'UTC',
      selinux: 'permissive',
      firewall: 'disabled',
      method: 'kickstart',
      dhcpMode: 'static',
      tftpRoot: '/var/lib/tftpboot',
    });
    expect(cluster.pki).toEqual({ keyAlgorithm: 'rsa', leafDays: 365, adminOnMasters: true });
    expect(cluster.flannel).toEqual({ backend: 'vxlan' });
    expect(cluster.artifacts).toEqual({ sha256: {} });
    expect(cluster.ssh).toEqual({ authorizedKeys: [] });
    expect(cluster.versions).toEqual({});
    expect(cluster.labels).toEqual({});
    expect(hosts[0]).toMatchObject({ labels: {}, profiles: [] });
  });

  it('hosts inherit the cluster interface and install disk unless they set their own', () => {
    const inherited = applyDefaults(
      document({ network: { interface: 'ens192' }, install: { disk: '/dev/vda' } }),
    );
    expect(inherited.hosts[0]).toMatchObject({ interface: 'ens192', disk: '/dev/vda' });
    const own = applyDefaults(document({ host: { interface: 'eno1', disk: '/dev/nvme0n1' } }));
    expect(own.hosts[0]).toMatchObject({ interface: 'eno1', disk: '/dev/nvme0n1' });
  });

  it('normalises MACs', () => {
    expect(applyDefaults(document()).hosts[0]?.mac).toBe('52:54:00:aa:bb:cc');
  });

  it('chooses kubelet credentials by Kubernetes version unless set', () => {
    const at = (version: string, extra: object = {}) =>
      applyDefaults(document({ kubernetes: { version, ...extra } })).cluster.kubernetes.kubeletCredentials;
    expect(at('1.23.17')).toBe('static');
    expect(at('1.24.0')).toBe('bootstrap');
    expect(at('1.34.2', { kubeletCredentials: 'static' })).toBe('static');
  });

  it('does not modify its input', () => {
    const input = document();
    const copy = structuredClone(input);
    applyDefaults(input);
    expect(input).toEqual(copy);
  });

  it('HOST_DEFAULT_FROM names the cluster key each host default comes from (what explain reports)', () => {
    const cluster = {
      network: { interface: 'ens7' },
      install: { disk: '/dev/xvda' },
      delivery: ['iso'],
    };
    const doc = document({ network: cluster.network, install: cluster.install });
    const inventory = applyDefaults({ ...doc, cluster: { ...doc.cluster, delivery: cluster.delivery } });
    for (const [hostKey, from] of Object.entries(HOST_DEFAULT_FROM)) {
      const expected = from
        .slice(1)
        .reduce<unknown>((node, k) => (node as Record<string, unknown>)[k], cluster);
      expect((inventory.hosts[0] as unknown as Record<string, unknown>)[hostKey], hostKey).toEqual(expected);
    }
  });
});
