import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../inventory/did-you-mean.js';
import { Reporter } from '../../inventory/report.js';
import type { JsonSchema } from '../../inventory/schema.js';
import { checkStructure } from '../../inventory/structure.js';

const schema: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', description: 'the name' },
    count: { type: 'integer', minimum: 1, maximum: 5 },
    mode: { type: 'string', enum: ['fast', 'slow'] },
    os: { type: 'string', enum: ['centos7', 'el9'], 'x-bootforge-code': 'UNSUPPORTED_OS' },
    tags: { type: 'array', items: { type: 'string' }, minItems: 1, uniqueItems: true },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
  },
  required: ['name'],
  additionalProperties: false,
};

function check(value: unknown) {
  const report = new Reporter();
  const ok = checkStructure(value, schema, report);
  return {
    ok,
    diagnostics: report.diagnostics.map((d) => ({
      code: d.code,
      path: d.path,
      message: d.message,
      hint: d.hint,
    })),
  };
}

describe('checkStructure', () => {
  it('accepts a matching document', () => {
    expect(check({ name: 'a', count: 2, mode: 'fast', tags: ['x'], labels: { a: 'b' } })).toEqual({
      ok: true,
      diagnostics: [],
    });
  });

  it('reports unknown keys with a did-you-mean, or the allowed keys', () => {
    const { diagnostics } = check({ name: 'a', nmae: 'b', zzzzzz: 1 });
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_KEY', path: 'nmae', hint: "did you mean 'name'?" }),
      expect.objectContaining({
        code: 'UNKNOWN_KEY',
        path: 'zzzzzz',
        hint: 'allowed keys here: name, count, mode, os, tags, labels',
      }),
    ]);
  });

  it('reports a missing required key with its description', () => {
    expect(check({}).diagnostics).toEqual([
      expect.objectContaining({ code: 'MISSING_KEY', path: 'name', hint: "add 'name:' (the name)" }),
    ]);
  });

  it('explains numbers and booleans where text was expected', () => {
    const { diagnostics } = check({ name: 1.2 });
    expect(diagnostics[0]).toMatchObject({
      code: 'WRONG_TYPE',
      path: 'name',
      message: 'expected a string, found a number (1.2)',
    });
    expect(diagnostics[0]?.hint).toContain('put the value in quotes');
    expect(check({ name: true }).diagnostics[0]?.message).toBe(
      'expected a string, found true or false (true)',
    );
    expect(check({ name: null }).diagnostics[0]?.hint).toBe('give the key a value, or remove the line');
    expect(check({ name: 'a', count: 1.5 }).diagnostics[0]?.message).toBe(
      'expected an integer, found a number (1.5)',
    );
    expect(check({ name: 'a', tags: 'x' }).diagnostics[0]?.message).toBe(
      'expected a list, found a string ("x")',
    );
  });

  it('reports enum values with a suggestion and a per-field code', () => {
    expect(check({ name: 'a', mode: 'fats' }).diagnostics[0]).toMatchObject({
      code: 'BAD_ENUM',
      message: "'fats' is not one of: fast, slow",
      hint: "did you mean 'fast'?",
    });
    expect(check({ name: 'a', os: 'ubuntu' }).diagnostics[0]).toMatchObject({
      code: 'UNSUPPORTED_OS',
      hint: 'use one of: centos7, el9',
    });
  });

  it('reports ranges, empty lists and repeated items, and checks map values', () => {
    expect(check({ name: 'a', count: 9 }).diagnostics[0]).toMatchObject({
      code: 'OUT_OF_RANGE',
      message: '9 is outside 1 to 5',
    });
    expect(check({ name: 'a', tags: [] }).diagnostics[0]).toMatchObject({ code: 'EMPTY_LIST', path: 'tags' });
    expect(check({ name: 'a', tags: ['x', 'y', 'x'] }).diagnostics[0]).toMatchObject({
      code: 'DUPLICATE_ITEM',
      path: 'tags[2]',
    });
    expect(check({ name: 'a', labels: { ok: 'x', bad: 3 } }).diagnostics[0]).toMatchObject({
      code: 'WRONG_TYPE',
      path: 'labels.bad',
    });
  });

  it('reports every problem, not the first', () => {
    expect(check({ nam: 1, count: 0, mode: 'x', tags: [] }).diagnostics.map((d) => d.code)).toEqual([
      'MISSING_KEY',
      'UNKNOWN_KEY',
      'OUT_OF_RANGE',
      'BAD_ENUM',
      'EMPTY_LIST',
    ]);
  });
});

describe('didYouMean', () => {
  it('measures edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('suggests close candidates case-insensitively and nothing for far ones', () => {
    expect(didYouMean('serviceCidr', ['serviceCIDR', 'podCIDR'])).toBe('serviceCIDR');
    expect(didYouMean('podcidr', ['serviceCIDR', 'podCIDR'])).toBe('podCIDR');
    expect(didYouMean('nameserver', ['nameservers', 'gateway'])).toBe('nameservers');
    expect(didYouMean('xyz', ['nameservers', 'gateway'])).toBeUndefined();
  });
});

describe('unknown keys at the wrong level', () => {
  it('says where a known key belongs', async () => {
    const { parseInventory } = await import('../../inventory/load.js');
    const text = `version: 1
cluster:
  name: c
  os: el9
  runtime: containerd
  podCIDR: 10.244.0.0/16
  kubernetes: { version: "1.30.1", serviceCIDR: 10.96.0.0/16, podCIDR: 10.244.0.0/16 }
  network: { cidr: 10.0.0.0/24, gateway: 10.0.0.1, nameservers: [10.0.0.1] }
  bootServer: http://10.0.0.2
hosts:
  - { name: a, roles: [master, etcd, node], ip: 10.0.0.11, mac: "52:54:00:00:00:11", gateway: 10.0.0.1 }
`;
    const unknown = parseInventory(text, 'x.yaml').diagnostics.filter((d) => d.code === 'UNKNOWN_KEY');
    expect(unknown.map((d) => [d.path, d.hint, d.position?.line])).toEqual([
      ['cluster.podCIDR', "'podCIDR' belongs under cluster.kubernetes; move it there", 6],
      ['hosts[0].gateway', "'gateway' belongs under cluster.network; move it there", 11],
    ]);
  });
});
