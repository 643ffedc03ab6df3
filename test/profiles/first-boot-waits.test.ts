/**
 * A first boot survives what is not there yet: the boot server or mirror being down, a peer not up.
 * - Units that wait on other machines (etcd for its quorum, flanneld for etcd and the network
 *   config) are not failed by systemd's default 90 s start timeout.
 * - No unit Requires= another that can fail to start (install-artifacts, the runtime, flanneld):
 *   a failed start job would fail every dependent for good, where their Restart= never applies.
 *   Dependents use Wants= + After=, so they wait for it and retry on their own.
 * - install-artifacts.service never fails: the script retries until every artifact is in
 *   (test/profiles/install-artifacts.test.ts runs it), with no start timeout.
 */
import { describe, expect, it } from 'vitest';
import type { SystemdUnit } from '../../host/host-config.js';
import { buildHostConfig } from '../../profiles/build-host-config.js';
import { classicPlan, currentPlan, fakePki } from './fixtures.js';

const WAITS_ON_OTHER_HOSTS = ['etcd.service', 'flanneld.service'];
/** Requires= that stay: socket activation, and the firewall script that configures firewalld. */
const ALLOWED_REQUIRES = new Map([
  ['cri-docker.service', 'cri-docker.socket'],
  ['k8s-firewall.service', 'firewalld.service'],
]);

function directive(text: string, name: string): string[] {
  return [...text.matchAll(new RegExp(`^${name}=(.*)$`, 'gm'))].flatMap((m) => m[1]!.split(/\s+/));
}

function texts(unit: SystemdUnit): string[] {
  return [...(unit.contents === undefined ? [] : [unit.contents]), ...unit.dropins.map((d) => d.contents)];
}

describe.each([
  ['classic (docker, flannel v2)', classicPlan()],
  ['current (containerd, flannel v3)', currentPlan()],
  ['docker with cri-dockerd', currentPlan({ runtime: 'docker', version: '1.27.16' })],
])('%s', (_name, plan) => {
  const configs = plan.hosts.map((host) => ({ host, config: buildHostConfig(plan, host, fakePki(plan)) }));

  it('starts etcd and flanneld with no start timeout', () => {
    let seen = 0;
    for (const { host, config } of configs) {
      for (const unit of config.units.filter((u) => WAITS_ON_OTHER_HOSTS.includes(u.name))) {
        expect(unit.contents, `${host.name} ${unit.name}`).toMatch(/^Type=notify$/m);
        expect(unit.contents, `${host.name} ${unit.name}`).toMatch(/^TimeoutStartSec=0$/m);
        seen++;
      }
    }
    expect(seen).toBeGreaterThanOrEqual(2);
  });

  it('no unit Requires= a unit that can fail; dependents of the binaries Want and wait for them', () => {
    let dependents = 0;
    for (const { host, config } of configs) {
      const installs = config.units.some((u) => u.name === 'install-artifacts.service');
      for (const unit of config.units) {
        for (const text of texts(unit)) {
          const requires = directive(text, 'Requires');
          const allowed = ALLOWED_REQUIRES.get(unit.name);
          expect(requires, `${host.name} ${unit.name}`).toEqual(allowed === undefined ? [] : [allowed]);
        }
        const after = texts(unit).flatMap((t) => directive(t, 'After'));
        if (installs && after.includes('install-artifacts.service')) {
          expect(texts(unit).flatMap((t) => directive(t, 'Wants'))).toContain('install-artifacts.service');
          dependents++;
        }
      }
      const install = config.units.find((u) => u.name === 'install-artifacts.service');
      if (install) expect(install.contents).toMatch(/^TimeoutStartSec=0$/m);
    }
    expect(dependents).toBeGreaterThanOrEqual(plan.hosts.length);
  });

  it('long-running units restart on their own after a failure', () => {
    for (const { host, config } of configs) {
      for (const unit of config.units.filter(
        (u) => u.contents !== undefined && !/^Type=oneshot$/m.test(u.contents),
      )) {
        if (unit.name.endsWith('.socket')) continue;
        expect(unit.contents, `${host.name} ${unit.name}`).toMatch(/^Restart=(always|on-failure)$/m);
      }
    }
  });
});

describe('docker on flannel', () => {
  it("waits for flanneld's docker options instead of failing without them", () => {
    const plan = classicPlan();
    const node = plan.hosts.find((h) => h.runsKubelet)!;
    const docker = buildHostConfig(plan, node, fakePki(plan)).units.find((u) => u.name === 'docker.service')!;
    const dropin = docker.dropins.map((d) => d.contents).join('\n');
    expect(dropin).toMatch(/^Wants=flanneld\.service$/m);
    expect(dropin).toMatch(/^TimeoutStartSec=0$/m);
    expect(dropin).toMatch(
      /^ExecStartPre=\/bin\/sh -c 'until \[ -s \/run\/flannel\/docker \]; do sleep 2; done'$/m,
    );
    expect(dropin).toMatch(/^EnvironmentFile=-\/run\/flannel\/docker$/m);
  });
});
