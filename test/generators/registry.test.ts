/** The registry and the generator contract for the three host formats: paths, modes, determinism. */
import { describe, expect, it } from 'vitest';
import type { OutputFile } from '../../generators/generator.js';
import { GENERATORS } from '../../generators/registry.js';
import { HOST_FIXTURES, fixture } from '../fixtures/hostconfig/index.js';
import { contextFor, planWithHosts } from './support/contexts.js';

const HOST_FORMATS = ['cloud-init', 'ignition', 'kickstart'];
const FILES: Record<string, string[]> = {
  'cloud-init': ['user-data', 'meta-data', 'network-config'],
  ignition: ['config.ign'],
  kickstart: ['ks.cfg'],
};

function render(format: string, hosts = Object.values(HOST_FIXTURES)): OutputFile[] {
  const generator = GENERATORS.find((g) => g.name === format);
  if (generator === undefined) throw new Error(`${format} is not registered`);
  const plan = planWithHosts(Object.values(HOST_FIXTURES));
  return structuredClone(hosts).flatMap((h) => generator.host!(contextFor(plan, h), []).files);
}

describe('registry', () => {
  it('registers the cluster and lifecycle files, then cloud-init, Ignition and kickstart, once each, needing nothing', () => {
    expect(GENERATORS.slice(0, 5).map((g) => g.name)).toEqual(['cluster', 'lifecycle', ...HOST_FORMATS]);
    const names = GENERATORS.map((g) => g.name);
    expect(new Set(names).size).toBe(names.length);
    for (const g of GENERATORS.slice(0, 5)) expect(g.needs).toEqual([]);
  });

  it('has nginx.conf last among the site phases, as it lists every other file', () => {
    expect(GENERATORS.filter((g) => g.site !== undefined).at(-1)?.name).toBe('nginx');
  });

  it.each(HOST_FORMATS)(
    '%s writes its files for every host, in inventory order, tagged with the host',
    (format) => {
      const out = render(format);
      const expected = Object.values(HOST_FIXTURES).flatMap((h) =>
        (FILES[format] ?? []).map((f) => `hosts/${h.hostname}/${f}`),
      );
      expect(out.map((f) => f.path)).toEqual(expected);
      for (const f of out) expect(f.path.startsWith(`hosts/${f.host ?? '?'}/`)).toBe(true);
      for (const f of out) expect([0o600, 0o644]).toContain(f.mode);
    },
  );

  it.each(HOST_FORMATS)('%s is deterministic: two runs give byte-identical files', (format) => {
    expect(render(format)).toEqual(render(format));
  });

  it.each(HOST_FORMATS)('%s renders each host independently of the others', (format) => {
    const all = render(format);
    const one = render(format, [fixture('node-el9')]);
    for (const f of one) expect(all.find((x) => x.path === f.path)).toEqual(f);
  });
});
