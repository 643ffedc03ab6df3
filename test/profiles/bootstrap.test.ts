/** The cluster bootstrap on every master (idempotent), and TLS bootstrap wiring across components. */
import { load, loadAll } from 'js-yaml';
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
  subjects?: { kind: string; name: string }[];
}

function addons(config: HostConfig): Doc[] {
  return config.files
    .filter((f) => f.path.startsWith('/etc/kubernetes/addons/'))
    .flatMap((f) => loadAll('content' in f ? f.content : '') as Doc[]);
}

describe.each(['static', 'bootstrap'] as const)('kubelet credentials: %s', (credentials) => {
  const plan = currentPlan({ credentials });
  // As the store issues it: no static tokens (the bootstrap token lives only in its Secret).
  const pki = { ...fakePki(plan), staticTokens: [] };
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

  it('runs once on every master: after the apiserver, guarded by its done-marker, server-side apply', () => {
    for (const master of [master1, master2]) {
      const unit = unitText(master, 'k8s-bootstrap.service');
      expect(unit).toContain('ConditionPathExists=!/var/lib/k8s-bootstrap.done');
      expect(unit).toMatch(/^After=.*kube-apiserver\.service/m);
      expect(master.steps.map((s) => s.unit)).toContain('k8s-bootstrap.service');
      const script = file(master, '/usr/local/libexec/bootforge/k8s-bootstrap.sh').content;
      expect(script).toContain('get --raw /readyz');
      // Server-side apply, one field manager: the same objects from every master converge.
      expect(script).toContain(
        'apply --server-side --field-manager=bootforge-bootstrap --force-conflicts -f "$addons"',
      );
      expect(script).not.toContain('giving up');
      expect(script).toContain('touch "$marker"');
    }
    expect(file(master1, '/usr/local/libexec/bootforge/k8s-bootstrap.sh').content).toBe(
      file(master2, '/usr/local/libexec/bootforge/k8s-bootstrap.sh').content.replaceAll('master2', 'master1'),
    );
    const worker = buildHostConfig(
      plan,
      plan.hosts.find((h) => h.name === 'worker1')!,
      pki,
    );
    expect(worker.units.some((u) => u.name === 'k8s-bootstrap.service')).toBe(false);
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
    // Never in the applied addons: created once, with an expiration, by k8s-bootstrap.sh.
    expect(docs.find((d) => d.kind === 'Secret')).toBeUndefined();
    const secretFile = master1.files.find((f) => f.path === '/etc/kubernetes/bootstrap-token-secret.yaml');
    expect(secretFile !== undefined).toBe(bootstrap);
    if (secretFile && 'content' in secretFile) {
      expect(secretFile).toMatchObject({ mode: 0o600, secret: true });
      // What the script sends: the file plus its expiration line, under stringData.
      const sent = load(`${secretFile.content}  expiration: "2030-01-01T00:00:00Z"\n`);
      expect(sent).toEqual({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'bootstrap-token-abcdef', namespace: 'kube-system' },
        type: 'bootstrap.kubernetes.io/token',
        stringData: {
          description: 'bootforge kubelet TLS bootstrap token',
          'token-id': 'abcdef',
          'token-secret': '0123456789abcdef',
          'usage-bootstrap-authentication': 'true',
          expiration: '2030-01-01T00:00:00Z',
        },
      });
      const script = file(master1, '/usr/local/libexec/bootforge/k8s-bootstrap.sh').content;
      expect(script).toContain(
        'until k -n kube-system get secret bootstrap-token-abcdef >/dev/null 2>&1; do',
      );
      expect(script).toContain('expires=$(date -u -d "+24 hours" +%Y-%m-%dT%H:%M:%SZ)');
      expect(script).toContain('cat /etc/kubernetes/bootstrap-token-secret.yaml');
      expect(script).toContain('| k create -f -');
      // Not a static token as well: that one would never expire.
      expect(unitText(master1, 'kube-apiserver.service')).not.toContain('--token-auth-file');
      expect(master1.files.some((f) => f.path === '/etc/kubernetes/known_tokens.csv')).toBe(false);
    }
    const roles = docs.filter((d) => d.kind === 'ClusterRoleBinding').map((d) => d.roleRef?.name);
    const csr = [
      'system:node-bootstrapper',
      'system:certificates.k8s.io:certificatesigningrequests:nodeclient',
    ];
    for (const r of csr) expect(roles.includes(r), r).toBe(bootstrap);
    // Client certificate rotation in both modes: nodes may renew their own client certificate.
    expect(
      roles.filter((r) => r === 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient'),
    ).toEqual(['system:certificates.k8s.io:certificatesigningrequests:selfnodeclient']);
    const rotation = docs.find((d) => d.metadata.name === 'bootforge:node-autoapprove-certificate-rotation');
    expect(rotation).toMatchObject({ subjects: [{ kind: 'Group', name: 'system:nodes' }] });
    // The controller-manager signs the nodes' CSRs with the cluster CA in both modes.
    const cm = unitText(master1, 'kube-controller-manager.service');
    expect(cm).toContain('--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt');
    expect(cm).toContain('--cluster-signing-key-file=/etc/kubernetes/pki/ca.key');
    expect(unitText(master1, 'kube-apiserver.service').includes('--enable-bootstrap-token-auth=true')).toBe(
      bootstrap,
    );
    expect(
      unitText(master1, 'kube-controller-manager.service').includes('--controllers=*,tokencleaner'),
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
