/**
 * The profiles' output checked by the real consumers: shellcheck on every script, and
 * systemd-analyze verify on every unit inside a root that holds the host's files, so the only
 * commands that may be missing are those the host downloads or installs by package (stubbed).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildHostConfig } from '../../profiles/build-host-config.js';
import type { ClusterPlan } from '../../plan/model.js';
import { classicPlan, currentPlan, fakePki, ALL_IN_ONE_HOSTS, LABELLED_HOSTS } from './fixtures.js';
import { hasTool, run, scripts, writeHostRoot } from './support.js';

const PLANS: [string, () => ClusterPlan][] = [
  ['classic: centos7, docker, 1.23, flannel v2', () => classicPlan()],
  ['current: el9, containerd 2, 1.34, flannel v3', () => currentPlan()],
  [
    'el9, docker + cri-dockerd, 1.27, bootstrap tokens',
    () => currentPlan({ runtime: 'docker', version: '1.27.16', credentials: 'bootstrap' }),
  ],
  [
    'el9, 1.34, kubelet serving certificates through CSRs (approver timer on the masters)',
    () => currentPlan({ servingCerts: 'csr' }),
  ],
  [
    'classic 1.23, static credentials, serving certificates through CSRs',
    () => classicPlan({ servingCerts: 'csr' }),
  ],
  [
    'el9, containerd 1.7, 1.31, all roles on one host',
    () => currentPlan({ version: '1.31.4', hosts: ALL_IN_ONE_HOSTS, firewall: 'disabled' }),
  ],
  [
    'el9, 1.34, node labels (the restricted ones applied by the bootstrapping master)',
    () =>
      currentPlan({ hosts: LABELLED_HOSTS, clusterExtra: '  labels: { topology.kubernetes.io/zone: z1 }\n' }),
  ],
];

describe.each(PLANS)('%s', (_name, makePlan) => {
  const plan = makePlan();
  const pki = fakePki(plan);
  const configs = plan.hosts.map((h) => ({ host: h, config: buildHostConfig(plan, h, pki) }));

  it.runIf(hasTool('shellcheck'))('every script passes shellcheck', () => {
    // One shellcheck run over every script of every host (file names say host and path).
    const dir = mkdtempSync(path.join(tmpdir(), 'bf-scripts-'));
    try {
      const files: string[] = [];
      for (const { config } of configs) {
        for (const s of scripts(config)) {
          const target = path.join(dir, config.hostname, s.path);
          mkdirSync(path.dirname(target), { recursive: true });
          writeFileSync(target, s.content);
          files.push(target);
        }
      }
      expect(files.length).toBeGreaterThan(plan.hosts.length);
      const result = run('shellcheck', ['--format', 'gcc', ...files]);
      expect(result.stdout + result.stderr).toBe('');
      expect(result.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(hasTool('systemd-analyze'))(
    'every unit passes systemd-analyze verify',
    () => {
      // One host per distinct unit set (hosts of the same roles differ only in names and addresses).
      const seen = new Set<string>();
      for (const { host, config } of configs) {
        const key = config.units.map((u) => `${u.name}:${u.dropins.map((d) => d.name).join('+')}`).join(',');
        if (seen.has(key)) continue;
        seen.add(key);
        const root = mkdtempSync(path.join(tmpdir(), `bf-units-${host.name}-`));
        try {
          const units = writeHostRoot(root, plan, host, config);
          const result = run('systemd-analyze', ['verify', '--man=no', `--root=${root}`, ...units]);
          expect(result.stdout + result.stderr, host.name).toBe('');
          expect(result.status, host.name).toBe(0);
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
      }
      // One systemd-analyze run per distinct unit set, each over a copy of the system's units: slow
      // when the machine is loaded.
    },
    120_000,
  );
});
