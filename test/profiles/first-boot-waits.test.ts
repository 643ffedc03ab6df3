/**
 * Units that wait on other machines (etcd for its quorum, flanneld for etcd and the network
 * config) must not be failed by systemd's default 90 s start timeout: on a cluster's first boot
 * machines come up in any order, and a timed-out start fails every unit that Requires= it for good.
 */
import { describe, expect, it } from 'vitest';
import { buildHostConfig } from '../../profiles/build-host-config.js';
import { classicPlan, currentPlan, fakePki } from './fixtures.js';

const WAITS_ON_OTHER_HOSTS = ['etcd.service', 'flanneld.service'];

describe.each([
  ['classic (docker, flannel v2)', classicPlan()],
  ['current (containerd, flannel v3)', currentPlan()],
  ['docker with cri-dockerd', currentPlan({ runtime: 'docker', version: '1.27.16' })],
])('%s', (_name, plan) => {
  it('starts etcd and flanneld with no start timeout, and whatever requires them waits too', () => {
    let seen = 0;
    for (const host of plan.hosts) {
      const config = buildHostConfig(plan, host, fakePki(plan));
      for (const unit of config.units.filter((u) => WAITS_ON_OTHER_HOSTS.includes(u.name))) {
        expect(unit.contents, `${host.name} ${unit.name}`).toMatch(/^Type=notify$/m);
        expect(unit.contents, `${host.name} ${unit.name}`).toMatch(/^TimeoutStartSec=0$/m);
        seen++;
      }
    }
    expect(seen).toBeGreaterThanOrEqual(2);
  });
});
