/** Roles compose on one host: the union of their components, each file and unit once. */
import { describe, expect, it } from 'vitest';
import { buildHostConfig } from '../../profiles/build-host-config.js';
import { ALL_IN_ONE_HOSTS, currentPlan, fakePki } from './fixtures.js';

describe('a host with [etcd, master, node]', () => {
  const plan = currentPlan({ version: '1.31.4', hosts: ALL_IN_ONE_HOSTS, firewall: 'disabled' });
  const pki = fakePki(plan);
  const aio = plan.hosts.find((h) => h.name === 'aio1')!;
  const config = buildHostConfig(plan, aio, pki);

  it('runs every component of the three roles', () => {
    const units = config.units.map((u) => u.name);
    for (const u of [
      'etcd.service',
      'flannel-network-config.service',
      'flanneld.service',
      'kube-apiserver.service',
      'kube-controller-manager.service',
      'kube-scheduler.service',
      'k8s-bootstrap.service',
      'containerd.service',
      'kubelet.service',
      'kube-proxy.service',
    ]) {
      expect(units).toContain(u);
    }
  });

  it('has no duplicate file, directory, unit, package or step', () => {
    const dupes = (xs: string[]): string[] => xs.filter((x, i) => xs.indexOf(x) !== i);
    expect(dupes(config.files.map((f) => f.path))).toEqual([]);
    expect(dupes(config.directories.map((d) => d.path))).toEqual([]);
    expect(dupes(config.units.map((u) => u.name))).toEqual([]);
    expect(dupes(config.packages)).toEqual([]);
    expect(dupes(config.steps.map((s) => s.unit))).toEqual([]);
  });

  it('shares files several components need (the Kubernetes CA certificate, the flannel client)', () => {
    expect(config.files.filter((f) => f.path === '/etc/kubernetes/pki/ca.crt')).toHaveLength(1);
    expect(config.files.filter((f) => f.path === '/etc/flannel/pki/etcd-client.key')).toHaveLength(1);
  });

  it('orders first-boot steps: prepare, install, flannel config, cluster bootstrap', () => {
    expect(config.steps.map((s) => s.unit)).toEqual([
      'k8s-prerequisites.service',
      'install-artifacts.service',
      'flannel-network-config.service',
      'k8s-bootstrap.service',
    ]);
  });

  it('a node-only host next to it gets none of the control plane', () => {
    const node = buildHostConfig(
      plan,
      plan.hosts.find((h) => h.name === 'node2')!,
      pki,
    );
    const units = node.units.map((u) => u.name);
    expect(units).not.toContain('etcd.service');
    expect(units).not.toContain('kube-apiserver.service');
    expect(units).not.toContain('k8s-bootstrap.service');
    expect(node.steps.map((s) => s.unit)).toEqual(['k8s-prerequisites.service', 'install-artifacts.service']);
  });
});
