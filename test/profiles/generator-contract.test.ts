/**
 * The HostConfigs the profiles build satisfy what every generator checks before rendering
 * (host/check-host.ts): absolute unique paths, valid unit and drop-in names, steps
 * naming enabled units, valid account names, safe package names.
 */
import { describe, expect, it } from 'vitest';
import { checkHostConfig } from '../../host/check-host.js';
import { buildHostConfigs } from '../../profiles/build-host-config.js';
import { ALL_IN_ONE_HOSTS, classicPlan, currentPlan, fakePki } from './fixtures.js';

describe('HostConfigs pass the generators’ checks', () => {
  it.each([
    ['classic', () => classicPlan()],
    ['current', () => currentPlan()],
    [
      'cri-dockerd + bootstrap',
      () => currentPlan({ runtime: 'docker', version: '1.27.16', credentials: 'bootstrap' }),
    ],
    ['all-in-one, containerd 1.7', () => currentPlan({ version: '1.31.4', hosts: ALL_IN_ONE_HOSTS })],
  ])('%s', (_name, make) => {
    const plan = make();
    const configs = buildHostConfigs(plan, fakePki(plan));
    expect(configs).toHaveLength(plan.hosts.length);
    for (const c of configs) expect(() => checkHostConfig(c), c.hostname).not.toThrow();
  });
});
