/** Same plan and PKI: the same HostConfig, byte for byte, in a canonical order. */
import { describe, expect, it } from 'vitest';
import { buildHostConfigs } from '../../profiles/build-host-config.js';
import { finalizeHostConfig } from '../../profiles/finalize.js';
import { classicPlan, currentPlan, fakePki } from './fixtures.js';

describe('determinism', () => {
  it.each([
    ['classic', classicPlan],
    ['current', currentPlan],
  ])('%s: two builds serialise identically', (_n, make) => {
    const a = buildHostConfigs(make(), fakePki(make()));
    const b = buildHostConfigs(make(), fakePki(make()));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('files, units and packages come out sorted; finalize is idempotent', () => {
    for (const c of buildHostConfigs(currentPlan(), fakePki(currentPlan()))) {
      const paths = c.files.map((f) => f.path);
      expect(paths).toEqual([...paths].sort());
      const units = c.units.map((u) => u.name);
      expect(units).toEqual([...units].sort());
      expect(c.packages).toEqual([...c.packages].sort());
      expect(JSON.stringify(finalizeHostConfig(c))).toBe(JSON.stringify(c));
    }
  });

  it('finalize puts a shuffled HostConfig into the same order', () => {
    const [c] = buildHostConfigs(classicPlan(), fakePki(classicPlan()));
    const shuffled = {
      ...c!,
      files: [...c!.files].reverse(),
      units: [...c!.units].reverse(),
      packages: [...c!.packages].reverse(),
    };
    expect(JSON.stringify(finalizeHostConfig(shuffled))).toBe(JSON.stringify(c));
  });
});
