/**
 * kubeletServingCerts: csr. The approver's decisions, for real: the rendered script runs with a
 * fake `kubectl` on PATH that lists CSRs made by openssl, and approves exactly the pending
 * kubelet-serving request of an inventory host for its own name and IP. Plus the wiring: kubelet
 * config, apiserver flag, timer on every master, and the default left as it was.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { buildHostConfig } from '../../profiles/build-host-config.js';
import type { ClusterPlan } from '../../plan/model.js';
import type { HostConfig } from '../../host/host-config.js';
import { classicPlan, currentPlan, fakePki } from './fixtures.js';
import { file, hasTool, inlineFiles, run, unitText } from './support.js';

const SCRIPT = '/usr/local/libexec/bootforge/kubelet-serving-approver';
const REFUSED_LOG = '/var/lib/bootforge/kubelet-serving-refused';
const CA_FLAG = '--kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt';

function config(plan: ClusterPlan, host: string): HostConfig {
  return buildHostConfig(
    plan,
    plan.hosts.find((h) => h.name === host)!,
    fakePki(plan),
  );
}
const kubeletConfig = (c: HostConfig): Record<string, unknown> =>
  load(file(c, '/var/lib/kubelet/config.yaml').content) as Record<string, unknown>;

describe('kubeletServingCerts wiring', () => {
  it('default (kubelet): no serverTLSBootstrap, no approver, the apiserver verifies no kubelet', () => {
    for (const plan of [classicPlan(), currentPlan({ credentials: 'bootstrap' })]) {
      expect(plan.inventory.cluster.kubernetes.kubeletServingCerts).toBe('kubelet');
      const master = config(plan, plan.hosts.find((h) => h.roles.includes('master'))!.name);
      expect(unitText(master, 'kube-apiserver.service')).not.toContain('--kubelet-certificate-authority');
      expect(master.units.some((u) => u.name.includes('kubelet-serving-approver'))).toBe(false);
      const node = config(plan, plan.hosts.find((h) => h.runsKubelet)!.name);
      expect(kubeletConfig(node)['serverTLSBootstrap']).toBe(false);
    }
  });

  describe.each([
    ['classic, static credentials', () => classicPlan({ servingCerts: 'csr' }), 'knode2', ['knode1']],
    ['ha, bootstrap', () => currentPlan({ servingCerts: 'csr' }), 'worker1', ['master1', 'master2']],
  ])('csr, %s', (_name, makePlan, node, masters) => {
    const plan = makePlan();
    it('kubelets bootstrap their serving certificate; no serving pair is delivered', () => {
      const c = config(plan, node);
      const kc = kubeletConfig(c);
      expect(kc['serverTLSBootstrap']).toBe(true);
      expect(kc['rotateCertificates']).toBe(true);
      expect(kc['tlsCertFile']).toBeUndefined();
      expect(kc['tlsPrivateKeyFile']).toBeUndefined();
      expect(inlineFiles(c).some((f) => f.path === '/var/lib/kubelet/pki/kubelet.key')).toBe(false);
      expect(c.units.some((u) => u.name.includes('kubelet-serving-approver'))).toBe(false);
    });

    it('every master verifies kubelets against the Kubernetes CA and runs the approver from a timer', () => {
      for (const m of masters) {
        const c = config(plan, m);
        expect(unitText(c, 'kube-apiserver.service')).toContain(CA_FLAG);
        const timer = c.units.find((u) => u.name === 'bootforge-kubelet-serving-approver.timer');
        expect(timer).toMatchObject({ enabled: true });
        expect(timer!.contents).toContain('OnUnitActiveSec=30');
        const service = c.units.find((u) => u.name === 'bootforge-kubelet-serving-approver.service');
        expect(service).toMatchObject({ enabled: false });
        expect(service!.contents).toContain(`ExecStart=${SCRIPT}`);
        expect(file(c, SCRIPT).mode).toBe(0o755);
      }
    });
  });
});

// ---- the approver, run for real ----

const work = mkdtempSync(path.join(tmpdir(), 'bf-approver-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const plan = classicPlan({ servingCerts: 'csr' }); // nodes knode2 10.0.0.12, knode3 10.0.0.13; knode4 etcd only
const script = file(config(plan, 'knode1'), SCRIPT).content;

/** A CSR made by openssl, as kubectl returns spec.request: base64 of the PEM. */
function csr(name: string, subject: string, sans: string): string {
  const key = path.join(work, `${name}.key`);
  const out = path.join(work, `${name}.csr`);
  const args = ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  args.push('-keyout', key, '-subj', subject, '-out', out);
  if (sans !== '') args.push('-addext', `subjectAltName=${sans}`);
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return Buffer.from(readFileSync(out)).toString('base64');
}

const SERVING = 'kubernetes.io/kubelet-serving';
const USAGES = 'digital signature,server auth,';
const node = (n: string): string => `/O=system:nodes/CN=system:node:${n}`;

interface Csr {
  name: string;
  signer?: string;
  user: string;
  usages?: string;
  conditions?: string;
  request: string;
}

/** The fake kubectl: answers `get csr` from a file, records approvals, checks its identity flags. */
const FAKE_KUBECTL = `#!/bin/sh
printf '%s\\n' "$*" >>"$FAKE/calls"
case "$*" in *--client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt*) ;; *) echo "no identity" >&2; exit 9 ;; esac
[ -f "$FAKE/down" ] && { echo "connection refused" >&2; exit 1; }
for a in "$@"; do last=$a; done
case "$*" in
  *" get csr -o jsonpath="*) cat "$FAKE/csrs" ;;
  *" certificate approve "*) printf '%s\\n' "$last" >>"$FAKE/approved" ;;
  *) echo "unexpected: $*" >&2; exit 2 ;;
esac
`;

function approverRun(dir: string): { status: number | null; stderr: string; approved: string[] } {
  const r = spawnSync('sh', [path.join(dir, 'approver')], {
    encoding: 'utf8',
    env: { PATH: `${path.join(dir, 'bin')}:${process.env['PATH'] ?? ''}`, FAKE: dir },
  });
  const approvedFile = path.join(dir, 'approved');
  const approved = existsSync(approvedFile) ? readFileSync(approvedFile, 'utf8').trim().split('\n') : [];
  return { status: r.status, stderr: r.stderr, approved };
}

function setup(csrs: Csr[]): string {
  const dir = mkdtempSync(path.join(work, 'run-'));
  const bin = path.join(dir, 'bin');
  spawnSync('mkdir', ['-p', bin]);
  writeFileSync(path.join(bin, 'kubectl'), FAKE_KUBECTL);
  chmodSync(path.join(bin, 'kubectl'), 0o755);
  // The one host path it writes, moved into the test's directory (never the machine's own).
  // and the kubectl it runs: the fake one on PATH.
  const local = script
    .replaceAll(`refused_log=${REFUSED_LOG}`, `refused_log=${path.join(dir, 'refused')}`)
    .replaceAll('/usr/local/bin/kubectl ', 'kubectl ');
  expect(local).not.toContain('/usr/local/bin/kubectl');
  expect(local).not.toContain(`refused_log=${REFUSED_LOG}`);
  expect(local).toContain(`refused_log=${path.join(dir, 'refused')}`);
  writeFileSync(path.join(dir, 'approver'), local);
  const lines = csrs.map(
    (c) =>
      `${c.name}|${c.signer ?? SERVING}|${c.user}|${c.usages ?? USAGES}|${c.conditions ?? ''}|${c.request}`,
  );
  writeFileSync(path.join(dir, 'csrs'), lines.join('\n') + '\n');
  return dir;
}

describe.runIf(hasTool('openssl'))('the approver, with a fake kubectl and openssl CSRs', () => {
  const good2 = csr('good2', node('knode2'), 'DNS:knode2,IP:10.0.0.12');
  const good3 = csr('good3', node('knode3'), 'IP:10.0.0.13,DNS:knode3');

  it('approves the pending serving CSR of each inventory host for its own name and IP, once', () => {
    const dir = setup([
      { name: 'csr-knode2', user: 'system:node:knode2', request: good2 },
      {
        name: 'csr-knode3',
        user: 'system:node:knode3',
        usages: 'digital signature,key encipherment,server auth,',
        request: good3,
      },
      { name: 'csr-done', user: 'system:node:knode2', conditions: 'Approved', request: good2 },
    ]);
    const first = approverRun(dir);
    expect(first.status).toBe(0);
    expect(first.approved).toEqual(['csr-knode2', 'csr-knode3']);
    expect(first.stderr).toContain('approved csr-knode2 for knode2');
  });

  it.each([
    [
      "a SAN that is another host's IP",
      'system:node:knode2',
      csr('ip3', node('knode2'), 'DNS:knode2,IP:10.0.0.13'),
      USAGES,
      'SAN IP:10.0.0.13',
    ],
    [
      'an extra DNS name',
      'system:node:knode2',
      csr('dns', node('knode2'), 'DNS:knode2,DNS:evil.example.com,IP:10.0.0.12'),
      USAGES,
      'SAN DNS:evil.example.com',
    ],
    [
      'no SAN at all',
      'system:node:knode2',
      csr('nosan', node('knode2'), ''),
      USAGES,
      'no subject alternative names',
    ],
    [
      'a requestor that is another node',
      'system:node:knode3',
      good2,
      USAGES,
      'subject CN=system:node:knode2,O=system:nodes is not system:node:knode3',
    ],
    [
      'a requestor that is no node',
      'system:bootstrap:abcdef',
      good2,
      USAGES,
      'requestor system:bootstrap:abcdef',
    ],
    [
      'a node that runs no kubelet (etcd host)',
      'system:node:knode4',
      csr('etcd', node('knode4'), 'DNS:knode4,IP:10.0.0.14'),
      USAGES,
      'requestor system:node:knode4',
    ],
    [
      'a host not in the inventory',
      'system:node:intruder',
      csr('intr', node('intruder'), 'DNS:intruder'),
      USAGES,
      'requestor system:node:intruder',
    ],
    [
      'a subject outside system:nodes',
      'system:node:knode2',
      csr('org', '/O=system:masters/CN=system:node:knode2', 'DNS:knode2'),
      USAGES,
      'subject',
    ],
    ['client usages', 'system:node:knode2', good2, 'digital signature,client auth,', 'server auth'],
    [
      'an extra usage',
      'system:node:knode2',
      good2,
      'digital signature,server auth,client auth,',
      "usage 'client auth'",
    ],
    [
      'a request that is not a CSR',
      'system:node:knode2',
      Buffer.from('not a csr').toString('base64'),
      USAGES,
      'signature verifies',
    ],
  ])('refuses %s: left pending and logged once', (_what, user, request, usages, reason) => {
    const dir = setup([{ name: 'csr-x', user, usages, request }]);
    const first = approverRun(dir);
    expect(first.status).toBe(0);
    expect(first.approved).toEqual([]);
    expect(first.stderr).toContain('left csr-x pending');
    expect(first.stderr).toContain(reason);
    expect(readFileSync(path.join(dir, 'refused'), 'utf8')).toBe('csr-x\n');
    const second = approverRun(dir);
    expect(second.approved).toEqual([]);
    expect(second.stderr).toBe('');
  });

  it('leaves other signers to the controller-manager, silently', () => {
    const dir = setup([
      {
        name: 'csr-client',
        signer: 'kubernetes.io/kube-apiserver-client-kubelet',
        user: 'system:node:knode2',
        request: good2,
      },
      { name: 'csr-legacy', signer: 'example.com/other', user: 'system:node:knode2', request: good2 },
    ]);
    const r = approverRun(dir);
    expect(r).toEqual({ status: 0, stderr: '', approved: [] });
  });

  it('an API server that does not answer yet is no failure: the timer runs it again', () => {
    const dir = setup([{ name: 'csr-knode2', user: 'system:node:knode2', request: good2 }]);
    writeFileSync(path.join(dir, 'down'), '');
    const r = approverRun(dir);
    expect(r.status).toBe(0);
    expect(r.approved).toEqual([]);
    expect(r.stderr).toContain('cannot list CSRs');
  });

  it.runIf(hasTool('kubectl'))('its jsonpath parses in the real kubectl 1.32', () => {
    const dir = setup([]);
    approverRun(dir);
    const call = readFileSync(path.join(dir, 'calls'), 'utf8').split('\n')[0]!;
    const template = call.slice(call.indexOf('jsonpath=') + 'jsonpath='.length);
    expect(template.startsWith('{range .items[*]}')).toBe(true);
    const kubeconfig = path.join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, 'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\n');
    const r = run('kubectl', ['config', 'view', '--kubeconfig', kubeconfig, '-o', `jsonpath=${template}`]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
