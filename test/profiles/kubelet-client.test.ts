/**
 * Static kubelet credentials rotate through the kubelet's own certificate store (issue 14): the
 * issued pair is delivered as kubelet-client-current.pem (certificate then key, 0600), the
 * kubeconfig names that file, rotateCertificates is on, the serving pair stays in its own files,
 * and the kubelet-client-store script turns the delivered file into the link the store rotates.
 */
import {
  lstatSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { HostConfig } from '../../host/host-config.js';
import { MIN_KUBE_MINOR } from '../../plan/versions.js';
import type { ClusterPlan } from '../../plan/model.js';
import { buildHostConfig } from '../../profiles/build-host-config.js';
import { hostsHoldingLeaves } from '../../profiles/certificate-holders.js';
import { KUBELET_CLIENT_ROTATION_SINCE } from '../../profiles/kubelet-client.js';
import { classicPlan, currentPlan, fakePki } from './fixtures.js';
import { file, hasTool, inlineFiles, run, unitText } from './support.js';

const CURRENT = '/var/lib/kubelet/pki/kubelet-client-current.pem';
const ISSUED = '/var/lib/kubelet/pki/kubelet-client-issued.pem';
const STORE_SCRIPT = '/usr/local/libexec/bootforge/kubelet-client-store';

interface Kubeconfig {
  users: { name: string; user: Record<string, string> }[];
}

function hostConfig(plan: ClusterPlan, name: string): HostConfig {
  return buildHostConfig(
    plan,
    plan.hosts.find((h) => h.name === name)!,
    fakePki(plan),
  );
}

function kubeletConfig(config: HostConfig): Record<string, unknown> {
  return load(file(config, '/var/lib/kubelet/config.yaml').content) as Record<string, unknown>;
}

it('every supported minor has client certificate rotation (GA in 1.19, KEP-266)', () => {
  expect(MIN_KUBE_MINOR).toBeGreaterThanOrEqual(KUBELET_CLIENT_ROTATION_SINCE);
});

describe.each([
  ['classic (centos7, docker, 1.23)', () => classicPlan(), 'knode2'],
  [
    'ha (el9, containerd, 1.34) with static credentials',
    () => currentPlan({ credentials: 'static' }),
    'worker1',
  ],
])('static kubelet credentials, %s', (_name, makePlan, node) => {
  const plan = makePlan();
  const pki = fakePki(plan);
  const config = buildHostConfig(
    plan,
    plan.hosts.find((h) => h.name === node)!,
    pki,
  );
  const pair = pki.kubelets[node]!;

  it('rotates its client certificate; the issued pair keeps serving :10250 from its own files', () => {
    const kc = kubeletConfig(config);
    expect(kc['rotateCertificates']).toBe(true);
    expect(kc['serverTLSBootstrap']).toBe(false);
    expect(kc['tlsCertFile']).toBe('/var/lib/kubelet/pki/kubelet.crt');
    expect(kc['tlsPrivateKeyFile']).toBe('/var/lib/kubelet/pki/kubelet.key');
    expect(file(config, '/var/lib/kubelet/pki/kubelet.crt')).toMatchObject({
      content: pair.cert,
      mode: 0o644,
    });
    expect(file(config, '/var/lib/kubelet/pki/kubelet.key')).toMatchObject({
      content: pair.key,
      mode: 0o600,
      secret: true,
    });
  });

  it('delivers the pair into the certificate store: certificate then key, 0600, secret', () => {
    expect(file(config, CURRENT)).toMatchObject({ content: pair.cert + pair.key, mode: 0o600, secret: true });
  });

  it('the kubeconfig names the store file, embeds no credential, and is 0600', () => {
    const f = file(config, '/var/lib/kubelet/kubeconfig');
    expect(f).toMatchObject({ mode: 0o600, secret: true });
    const doc = load(f.content) as Kubeconfig;
    expect(doc.users).toEqual([
      { name: `system:node:${node}`, user: { 'client-certificate': CURRENT, 'client-key': CURRENT } },
    ]);
    expect(f.content).not.toContain(Buffer.from(pair.key).toString('base64'));
    expect(unitText(config, 'kubelet.service')).toContain('--kubeconfig=/var/lib/kubelet/kubeconfig');
  });

  it.runIf(hasTool('kubectl'))('kubectl parses the kubeconfig (kubectl config view)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bf-kubeconfig-'));
    try {
      const target = path.join(dir, 'kubeconfig');
      writeFileSync(target, file(config, '/var/lib/kubelet/kubeconfig').content);
      const jsonpath = '{.users[0].user.client-certificate} {.users[0].user.client-key} {.current-context}';
      const result = run('kubectl', ['config', 'view', '--kubeconfig', target, '-o', `jsonpath=${jsonpath}`]);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toBe(`${CURRENT} ${CURRENT} system:node:${node}@testc`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs kubelet-client-store before every kubelet start, from a drop-in', () => {
    const kubelet = config.units.find((u) => u.name === 'kubelet.service')!;
    expect(kubelet.dropins).toContainEqual({
      name: '10-bootforge-client-store.conf',
      contents: `[Service]\nExecStartPre=-${STORE_SCRIPT}\n`,
    });
    expect(file(config, STORE_SCRIPT).mode).toBe(0o755);
  });

  it('the ready check authenticates with the store, not the serving pair', () => {
    const ready = file(config, '/usr/local/libexec/bootforge/ready').content;
    expect(ready).toContain(CURRENT);
    expect(ready).not.toContain('/var/lib/kubelet/pki/kubelet.key');
  });

  it('a renewed kubelet certificate still names this node as a host to deliver again', () => {
    expect(hostsHoldingLeaves(plan, pki, [{ kind: 'kubelet', node }])).toEqual([node]);
  });

  it('no other file holds the kubelet key', () => {
    const holders = inlineFiles(config)
      .filter((f) => f.content.includes(pair.key))
      .map((f) => f.path)
      .sort();
    expect(holders).toEqual([CURRENT, '/var/lib/kubelet/pki/kubelet.key']);
  });
});

it('TLS bootstrap leaves the store to the kubelet: no delivered pair, no store script', () => {
  const config = hostConfig(currentPlan({ credentials: 'bootstrap' }), 'worker1');
  expect(kubeletConfig(config)['rotateCertificates']).toBe(true);
  expect(inlineFiles(config).some((f) => f.path === CURRENT || f.path === STORE_SCRIPT)).toBe(false);
  expect(config.units.find((u) => u.name === 'kubelet.service')!.dropins).toEqual([]);
});

describe('kubelet-client-store, run for real', () => {
  const script = file(hostConfig(classicPlan(), 'knode2'), STORE_SCRIPT).content;

  function withStore(body: (dir: string, runStore: () => ReturnType<typeof run>) => void): void {
    const dir = mkdtempSync(path.join(tmpdir(), 'bf-kubelet-pki-'));
    try {
      const local = script.replaceAll('/var/lib/kubelet/pki', dir);
      expect(local).not.toContain('/var/lib/kubelet');
      const scriptPath = path.join(dir, '..', `${path.basename(dir)}-store.sh`);
      writeFileSync(scriptPath, local, { mode: 0o755 });
      try {
        body(dir, () => run('sh', [scriptPath]));
      } finally {
        rmSync(scriptPath, { force: true });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const at = (dir: string, p: string): string => path.join(dir, path.basename(p));

  it('turns the delivered file into the issued pair and links the store to it; a second run changes nothing', () => {
    withStore((dir, runStore) => {
      writeFileSync(at(dir, CURRENT), 'PAIR\n', { mode: 0o600 });
      expect(runStore().status).toBe(0);
      expect(lstatSync(at(dir, CURRENT)).isSymbolicLink()).toBe(true);
      expect(readlinkSync(at(dir, CURRENT))).toBe(at(dir, ISSUED));
      expect(readFileSync(at(dir, CURRENT), 'utf8')).toBe('PAIR\n');
      expect(statSync(at(dir, ISSUED)).mode & 0o777).toBe(0o600);
      const again = runStore();
      expect(again.status).toBe(0);
      expect(again.stderr).toBe('');
      expect(readlinkSync(at(dir, CURRENT))).toBe(at(dir, ISSUED));
    });
  });

  it('leaves a link the kubelet made (a rotated certificate) alone', () => {
    withStore((dir, runStore) => {
      writeFileSync(at(dir, ISSUED), 'OLD\n', { mode: 0o600 });
      const rotated = path.join(dir, 'kubelet-client-2027-01-01-00-00-00.pem');
      writeFileSync(rotated, 'ROTATED\n', { mode: 0o600 });
      symlinkSync(rotated, at(dir, CURRENT));
      expect(runStore().status).toBe(0);
      expect(readlinkSync(at(dir, CURRENT))).toBe(rotated);
    });
  });

  it('a re-delivered (renewed) pair replaces the link and the issued pair', () => {
    withStore((dir, runStore) => {
      writeFileSync(at(dir, ISSUED), 'OLD\n', { mode: 0o600 });
      writeFileSync(at(dir, CURRENT), 'RENEWED\n', { mode: 0o600 });
      expect(runStore().status).toBe(0);
      expect(readlinkSync(at(dir, CURRENT))).toBe(at(dir, ISSUED));
      expect(readFileSync(at(dir, ISSUED), 'utf8')).toBe('RENEWED\n');
    });
  });

  it('a dangling link falls back to the issued pair; with nothing to link it fails and says so', () => {
    withStore((dir, runStore) => {
      writeFileSync(at(dir, ISSUED), 'PAIR\n', { mode: 0o600 });
      symlinkSync(path.join(dir, 'kubelet-client-gone.pem'), at(dir, CURRENT));
      const result = runStore();
      expect(result.status).toBe(0);
      expect(result.stderr).toContain('points nowhere');
      expect(readlinkSync(at(dir, CURRENT))).toBe(at(dir, ISSUED));
      rmSync(at(dir, CURRENT));
      rmSync(at(dir, ISSUED));
      const empty = runStore();
      expect(empty.status).toBe(1);
      expect(empty.stderr).toContain('is missing');
    });
  });
});
