/** The one-shot cluster bootstrap on the first master, and TLS bootstrap wiring across components. */
import { loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { HostConfig } from '../../host/host-config.js';
import { corednsImage } from '../../profiles/addons/coredns.js';
import { buildHostConfig } from '../../profiles/build-host-config.js';
import { currentPlan, fakePki } from './fixtures.js';
import { file, unitText } from './support.js';

interface Doc {
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  roleRef?: { name: string };
}

function addons(config: HostConfig): Doc[] {
  return config.files
    .filter((f) => f.path.startsWith('/etc/kubernetes/addons/'))
    .flatMap((f) => loadAll('content' in f ? f.content : '') as Doc[]);
}

describe.each(['static', 'bootstrap'] as const)('kubelet credentials: %s', (credentials) => {
  const plan = currentPlan({ credentials });
  const pki = fakePki(plan);
  const master1 = buildHostConfig(
    plan,
    plan.hosts.find((h) => h.name === 'master1')!,
    pki,
  );
  const master2 = buildHostConfig(
    plan,
    plan.hosts.find((h) => h.name === 'master2')!,
    pki,
  );
  const docs = addons(master1);

  it('runs once on the first master: after the apiserver, guarded by its done-marker', () => {
    const unit = unitText(master1, 'k8s-bootstrap.service');
    expect(unit).toContain('ConditionPathExists=!/var/lib/k8s-bootstrap.done');
    expect(unit).toMatch(/^After=.*kube-apiserver\.service/m);
    expect(master1.steps.map((s) => s.unit)).toContain('k8s-bootstrap.service');
    expect(master2.units.some((u) => u.name === 'k8s-bootstrap.service')).toBe(false);
    const script = file(master1, '/usr/local/libexec/bootforge/k8s-bootstrap.sh').content;
    expect(script).toContain('get --raw /readyz');
    expect(script).toContain('apply -f "$addons"');
    expect(script).toContain('touch "$marker"');
  });

  it('applies the apiserver-to-kubelet RBAC and CoreDNS on the plan DNS IP', () => {
    const binding = docs.find(
      (d) => d.kind === 'ClusterRoleBinding' && d.metadata.name === 'bootforge:apiserver-kubelet-api-admin',
    );
    expect(binding).toMatchObject({
      roleRef: { name: 'system:kubelet-api-admin' },
      subjects: [{ kind: 'User', name: 'kube-apiserver-kubelet-client' }],
    });
    const svc = docs.find((d) => d.kind === 'Service' && d.metadata.name === 'kube-dns');
    expect(svc?.spec?.clusterIP).toBe(plan.dnsServiceIP);
    const deploy = docs.find((d) => d.kind === 'Deployment' && d.metadata.name === 'coredns');
    expect(JSON.stringify(deploy)).toContain(`registry.k8s.io/coredns/coredns:v${plan.versions.coredns}`);
    const cm = docs.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'coredns');
    expect(cm?.data?.Corefile).toContain('kubernetes cluster.local in-addr.arpa ip6.arpa');
  });

  it('bootstrap tokens: Secret, CSR bindings, apiserver and controller-manager flags exactly in bootstrap mode', () => {
    const bootstrap = credentials === 'bootstrap';
    const secret = docs.find((d) => d.kind === 'Secret');
    expect(secret !== undefined).toBe(bootstrap);
    if (secret) {
      expect(secret).toMatchObject({
        type: 'bootstrap.kubernetes.io/token',
        metadata: { name: 'bootstrap-token-abcdef', namespace: 'kube-system' },
        stringData: {
          'token-id': 'abcdef',
          'token-secret': '0123456789abcdef',
          'usage-bootstrap-authentication': 'true',
        },
      });
    }
    const roles = docs.filter((d) => d.kind === 'ClusterRoleBinding').map((d) => d.roleRef?.name);
    const csr = [
      'system:node-bootstrapper',
      'system:certificates.k8s.io:certificatesigningrequests:nodeclient',
      'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient',
    ];
    for (const r of csr) expect(roles.includes(r), r).toBe(bootstrap);
    expect(unitText(master1, 'kube-apiserver.service').includes('--enable-bootstrap-token-auth=true')).toBe(
      bootstrap,
    );
    expect(
      unitText(master1, 'kube-controller-manager.service').includes(
        '--controllers=*,bootstrapsigner,tokencleaner',
      ),
    ).toBe(bootstrap);
    const worker = buildHostConfig(
      plan,
      plan.hosts.find((h) => h.name === 'worker1')!,
      pki,
    );
    expect(
      unitText(worker, 'kubelet.service').includes(
        '--bootstrap-kubeconfig=/var/lib/kubelet/bootstrap-kubeconfig',
      ),
    ).toBe(bootstrap);
  });
});

describe('CoreDNS image path', () => {
  it('follows the registry move at 1.8.0', () => {
    expect(corednsImage('1.7.0')).toBe('registry.k8s.io/coredns:1.7.0');
    expect(corednsImage('1.8.6')).toBe('registry.k8s.io/coredns/coredns:v1.8.6');
    expect(corednsImage('v1.12.1')).toBe('registry.k8s.io/coredns/coredns:v1.12.1');
  });
});
