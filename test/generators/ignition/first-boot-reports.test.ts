/**
 * Ignition cannot report from the initramfs: with the host's report setup, its booted unit gets a
 * drop-in that makes the first boot report installing and installed (the booted script's own
 * behaviour is test/profiles/booted-script.test.ts); without one, units are left as they are.
 */
import { describe, expect, it } from 'vitest';
import { FIRST_BOOT_DROPIN, withFirstBootReports } from '../../../generators/ignition/first-boot-reports.js';
import { ignitionConfig } from '../../../generators/ignition/config.js';
import { BOOTED_UNIT } from '../../../host/lifecycle.js';
import { HOST_FIXTURES } from '../../fixtures/hostconfig/index.js';
import { lifecycleHost } from '../support/lifecycle-hosts.js';
import { currentPlan } from '../../profiles/fixtures.js';

describe('Ignition first-boot reports', () => {
  it('adds BOOTFORGE_FIRST_BOOT_REPORTS=ignition to the booted unit, nothing else', () => {
    const { config } = lifecycleHost(currentPlan(), 'etcd1');
    const units = (ignitionConfig(config)['systemd'] as { units: { name: string; dropins?: unknown }[] })
      .units;
    expect(units.find((u) => u.name === BOOTED_UNIT)?.dropins).toEqual([
      { name: FIRST_BOOT_DROPIN, contents: '[Service]\nEnvironment=BOOTFORGE_FIRST_BOOT_REPORTS=ignition\n' },
    ]);
    const others = units.filter((u) => u.name !== BOOTED_UNIT);
    const original = config.units.filter((u) => u.name !== BOOTED_UNIT);
    expect(others.map((u) => [u.name, u.dropins ?? []])).toEqual(
      original.map((u) => [u.name, u.dropins.length > 0 ? u.dropins : []]),
    );
  });

  it('leaves a HostConfig without the report setup unchanged', () => {
    for (const host of Object.values(HOST_FIXTURES)) expect(withFirstBootReports(host)).toBe(host.units);
  });
});
