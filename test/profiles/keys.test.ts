/** A host receives only the keys its roles need; every secret is 0600 and marked secret. */
import { describe, expect, it } from 'vitest';
import type { HostConfig } from '../../host/host-config.js';
import { buildHostConfig } from '../../profiles/build-host-config.js';
import type { ClusterPlan } from '../../plan/model.js';
import type { ClusterPki } from '../../pki/model.js';
import { classicPlan, currentPlan, fakePki } from './fixtures.js';
import { inlineFiles } from './support.js';

/** Every PEM private key / secret string the fixture PKI holds, by a readable name. */
function secrets(pki: ClusterPki): Map<string, string> {
  const out = new Map<string, string>();
  const pairs: [string, { key: string }][] = [
    ['kubernetes CA key', pki.kubernetesCA],
    ['etcd CA key', pki.etcdCA],
    ['front-proxy CA key', pki.frontProxyCA],
    ['apiserver key', pki.apiserver],
    ['apiserver-kubelet-client key', pki.apiserverKubeletClient],
    ['apiserver-etcd-client key', pki.apiserverEtcdClient],
    ['front-proxy-client key', pki.frontProxyClient],
    ['flannel etcd client key', pki.flannelEtcdClient],
    ['admin key', pki.admin],
    ['controller-manager key', pki.controllerManager],
    ['scheduler key', pki.scheduler],
    ['kube-proxy key', pki.kubeProxy],
  ];
  for (const [n, p] of pairs) out.set(n, p.key);
  for (const [n, p] of Object.entries(pki.etcdServer)) out.set(`etcd server key ${n}`, p.key);
  for (const [n, p] of Object.entries(pki.etcdPeer)) out.set(`etcd peer key ${n}`, p.key);
  for (const [n, p] of Object.entries(pki.kubelets)) out.set(`kubelet key ${n}`, p.key);
  out.set('service-account key', pki.serviceAccount.privateKey);
  out.set('encryption key', pki.encryptionKey);
  return out;
}

/** Which secrets a host holds: searched in file contents, also base64-embedded (kubeconfigs). */
function heldSecrets(config: HostConfig, pki: ClusterPki): Set<string> {
  const held = new Set<string>();
  const files = inlineFiles(config);
  for (const [name, value] of secrets(pki)) {
    const b64 = Buffer.from(value).toString('base64');
    if (files.some((f) => f.content.includes(value) || f.content.includes(b64))) held.add(name);
  }
  return held;
}

function build(plan: ClusterPlan): { pki: ClusterPki; configs: Map<string, HostConfig> } {
  const pki = fakePki(plan);
  return { pki, configs: new Map(plan.hosts.map((h) => [h.name, buildHostConfig(plan, h, pki)])) };
}

describe('keys per role (classic: knode1 master, knode2/3 nodes, knode4 etcd)', () => {
  const plan = classicPlan();
  const { pki, configs } = build(plan);
  const held = (host: string): string[] => [...heldSecrets(configs.get(host)!, pki)].sort();

  it('the etcd member gets its own server and peer keys and the flannel client (config writer) only', () => {
    expect(held('knode4')).toEqual(
      ['etcd peer key knode4', 'etcd server key knode4', 'flannel etcd client key'].sort(),
    );
  });

  it('a node gets its own kubelet key, kube-proxy and flannel client keys only; no CA key', () => {
    expect(held('knode2')).toEqual(
      ['flannel etcd client key', 'kube-proxy key', 'kubelet key knode2'].sort(),
    );
    expect(held('knode3')).not.toContain('kubelet key knode2');
  });

  it('the master holds the control-plane keys and the Kubernetes CA key, never etcd member keys or the etcd CA key', () => {
    const master = held('knode1');
    for (const k of [
      'kubernetes CA key',
      'apiserver key',
      'apiserver-kubelet-client key',
      'apiserver-etcd-client key',
      'front-proxy-client key',
      'service-account key',
      'controller-manager key',
      'scheduler key',
      'admin key',
      'encryption key',
      'flannel etcd client key',
    ]) {
      expect(master, k).toContain(k);
    }
    for (const k of [
      'etcd CA key',
      'front-proxy CA key',
      'etcd server key knode4',
      'kubelet key knode2',
      'kube-proxy key',
    ]) {
      expect(master, k).not.toContain(k);
    }
  });

  it('every file that carries a secret is 0600 and marked secret; public certificates are not', () => {
    for (const [host, config] of configs) {
      const names = secrets(pki);
      for (const f of inlineFiles(config)) {
        const carries = [...names.values()].some(
          (v) => f.content.includes(v) || f.content.includes(Buffer.from(v).toString('base64')),
        );
        const token = f.content.includes(pki.staticTokens[0]!.token);
        if (carries || token) {
          expect(f.mode, `${host}:${f.path}`).toBe(0o600);
          expect(f.secret, `${host}:${f.path}`).toBe(true);
        }
        if (f.path.endsWith('.crt')) expect(f.secret, `${host}:${f.path}`).toBe(false);
      }
    }
  });

  it('etcd keys are owned by the etcd user, the data dir is 0700', () => {
    const etcd = configs.get('knode4')!;
    const key = inlineFiles(etcd).find((f) => f.path === '/etc/etcd/pki/server.key');
    expect(key).toMatchObject({ user: 'etcd', group: 'etcd', mode: 0o600, secret: true });
    expect(etcd.directories.find((d) => d.path === '/var/lib/etcd')).toEqual({
      path: '/var/lib/etcd',
      mode: 0o700,
      user: 'etcd',
      group: 'etcd',
    });
    expect(etcd.users.find((u) => u.name === 'etcd')).toMatchObject({ system: true });
  });
});

describe('TLS bootstrap keeps node keys off the wire', () => {
  const plan = currentPlan({ credentials: 'bootstrap' });
  const { pki, configs } = build(plan);

  it('a node gets the CA certificate and a bootstrap kubeconfig with the token, no kubelet key', () => {
    const node = configs.get('worker1')!;
    const files = inlineFiles(node);
    expect(files.some((f) => f.path === '/var/lib/kubelet/pki/kubelet.key')).toBe(false);
    const boot = files.find((f) => f.path === '/var/lib/kubelet/bootstrap-kubeconfig');
    expect(boot).toMatchObject({ mode: 0o600, secret: true });
    expect(boot?.content).toContain(`token: ${pki.bootstrapToken!.id}.${pki.bootstrapToken!.secret}`);
    expect(files.find((f) => f.path === '/etc/kubernetes/pki/ca.crt')?.content).toBe(pki.kubernetesCA.cert);
  });

  it('only masters (each may create it) carry the bootstrap-token Secret manifest', () => {
    const secretPath = '/etc/kubernetes/bootstrap-token-secret.yaml';
    const holders = [...configs]
      .filter(([, c]) => c.files.some((f) => f.path === secretPath))
      .map(([n]) => n);
    expect(holders).toEqual([...configs.keys()].filter((n) => n.startsWith('master')));
    const file = inlineFiles(configs.get('master1')!).find((f) => f.path === secretPath);
    expect(file).toMatchObject({ mode: 0o600, secret: true });
  });

  it('no host but the masters ever holds a CA key', () => {
    for (const [name, config] of configs) {
      const held = heldSecrets(config, pki);
      const caKeys = [...held].filter((k) => k.includes('CA key'));
      if (name.startsWith('master')) expect(caKeys).toEqual(['kubernetes CA key']);
      else expect(caKeys, name).toEqual([]);
    }
  });
});
