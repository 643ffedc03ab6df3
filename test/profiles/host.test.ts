/** Host prerequisites, firewall ports per role, network and install settings, accounts. */
import { describe, expect, it } from 'vitest';
import { buildHostConfig } from '../../profiles/build-host-config.js';
import { classicPlan, currentPlan, fakePki } from './fixtures.js';
import { file } from './support.js';

const PREREQ = '/usr/local/libexec/bootforge/k8s-prerequisites.sh';
const FIREWALL = '/usr/local/libexec/bootforge/k8s-firewall.sh';

describe('host prerequisites', () => {
  const plan = classicPlan();
  const config = buildHostConfig(plan, plan.hosts[0]!, fakePki(plan));

  it('loads overlay and br_netfilter now and on every boot, and sets the bridge sysctls', () => {
    expect(config.kernelModules).toEqual(['overlay', 'br_netfilter']);
    expect(file(config, '/etc/modules-load.d/k8s.conf').content).toMatch(/^overlay\nbr_netfilter\n$/m);
    const sysctl = file(config, '/etc/sysctl.d/k8s.conf').content;
    for (const line of [
      'net.ipv4.ip_forward = 1',
      'net.bridge.bridge-nf-call-iptables = 1',
      'net.bridge.bridge-nf-call-ip6tables = 1',
    ]) {
      expect(sysctl).toContain(line);
    }
    const script = file(config, PREREQ).content;
    expect(script).toContain('modprobe overlay\nmodprobe br_netfilter\n');
    expect(script).toContain('swapoff -a');
    expect(script).toContain('/etc/fstab');
    expect(script).toContain('SELINUX=permissive');
    expect(script).toContain('setenforce 0');
    expect(script).toContain('systemctl disable --now firewalld.service');
    expect(config.steps[0]).toEqual({ unit: 'k8s-prerequisites.service', description: 'Prepare the host' });
  });

  it('time sync: chrony with the inventory servers', () => {
    expect(config.packages).toContain('chrony');
    expect(file(config, '/etc/chrony.conf').content).toContain('server ntp.example.com iburst');
  });

  it('time sync: chronyd is restarted on the new servers (cloud-init writes chrony.conf after it started)', () => {
    const script = file(config, PREREQ).content;
    expect(script).toMatch(/^systemctl try-restart chronyd\.service$/m);
    // The prerequisites unit is a first-boot step: it runs after every format has written the file.
    expect(config.steps.map((s) => s.unit)).toContain('k8s-prerequisites.service');
  });

  it('network, install settings and accounts come from the inventory', () => {
    expect(config.network).toEqual({
      interface: 'eth0',
      mac: '52:54:00:00:00:11',
      address: '10.0.0.11',
      prefixLength: 24,
      netmask: '255.255.255.0',
      gateway: '10.0.0.1',
      nameservers: ['10.0.0.1'],
      searchDomains: [],
      mtu: plan.inventory.cluster.network.mtu,
    });
    expect(config.install.selinux).toBe('permissive');
    expect(config.install.rootPasswordHash).toBeUndefined();
    expect(config.users[0]).toMatchObject({
      name: 'root',
      sshAuthorizedKeys: plan.inventory.cluster.ssh.authorizedKeys,
    });
    expect(config.os).toBe('centos7');
    expect(config.packages).toContain('iptables');
  });
});

describe('firewalld open-ports', () => {
  const plan = currentPlan();
  const pki = fakePki(plan);
  const ports = (name: string): string => {
    const config = buildHostConfig(
      plan,
      plan.hosts.find((h) => h.name === name)!,
      pki,
    );
    expect(config.packages).toContain('firewalld');
    expect(config.steps.map((s) => s.unit)).toContain('k8s-firewall.service');
    expect(file(config, PREREQ).content).not.toContain('disable --now firewalld');
    return file(config, FIREWALL).content;
  };

  it('opens exactly the ports of each role', () => {
    const etcd = ports('etcd1');
    expect(etcd).toContain('--add-port=2379/tcp');
    expect(etcd).toContain('--add-port=2380/tcp');
    expect(etcd).not.toContain('6443');
    const master = ports('master1');
    expect(master).toContain('--add-port=6443/tcp');
    expect(master).toContain('--add-port=8472/udp');
    expect(master).not.toContain('10250');
    const node = ports('worker1');
    for (const p of ['10250/tcp', '10256/tcp', '30000-32767/tcp', '30000-32767/udp', '8472/udp'])
      expect(node).toContain(`--add-port=${p}`);
    expect(node).not.toContain('2379');
    expect(node).toContain('--zone=trusted --add-source=192.168.0.0/16');
  });

  it('EL9 uses iptables-nft and no curl package (curl-minimal is in the base install)', () => {
    const config = buildHostConfig(plan, plan.hosts[0]!, pki);
    expect(config.os).toBe('el9');
    expect(config.packages).toContain('iptables-nft');
    expect(config.packages).not.toContain('curl');
  });
});
