import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../inventory/parse-yaml.js';

const summary = (text: string) =>
  parseYaml(text, 'f.yaml').diagnostics.map((d) => ({
    code: d.code,
    at: `${d.position?.line}:${d.position?.column}`,
    hint: d.hint,
  }));

describe('parseYaml', () => {
  it('returns the value and no diagnostics for a clean document', () => {
    const r = parseYaml('a: [1, "2"]\n', 'f.yaml');
    expect(r.value).toEqual({ a: [1, '2'] });
    expect(r.diagnostics).toEqual([]);
  });

  it('reports syntax errors with a position and a hint that fits the mistake', () => {
    expect(summary('a:\n\tb: 1\n')).toEqual([
      {
        code: 'YAML_SYNTAX',
        at: '2:1',
        hint: 'indent with spaces; YAML does not allow tabs for indentation',
      },
    ]);
    expect(summary('a: [1, 2')[0]).toMatchObject({
      code: 'YAML_SYNTAX',
      hint: 'close every [ with ] and every { with }',
    });
    expect(summary('a: [1, 2\nb: 3\n')[0]?.hint).toContain('close brackets and quotes');
    expect(summary('a: "open')[0]?.hint).toBe('close the quoted string with a matching quote');
    expect(summary('a: !weird 1\n')[0]).toMatchObject({
      code: 'YAML_SYNTAX',
      hint: 'remove the !tag; inventories use plain YAML values',
    });
  });

  it('treats empty input, comments only and a bare --- as an empty document', () => {
    for (const text of ['', '# just a comment\n', '---\n', '~\n']) {
      expect(
        summary(text).map((d) => d.code),
        JSON.stringify(text),
      ).toEqual(['EMPTY_DOCUMENT']);
    }
  });

  it('reports several documents at the second one, and keeps the first', () => {
    const r = parseYaml('a: 1\n---\nb: 2\n', 'f.yaml');
    expect(r.value).toEqual({ a: 1 });
    expect(r.diagnostics.map((d) => [d.code, d.position?.line])).toEqual([['MULTIPLE_DOCUMENTS', 2]]);
  });

  it('reports each duplicate key at the repeat, and the last value wins', () => {
    const r = parseYaml('a: 1\nb:\n  c: 1\n  c: 2\na: 3\n', 'f.yaml');
    expect(r.value).toEqual({ a: 3, b: { c: 2 } });
    expect(r.diagnostics.map((d) => [d.code, d.path, `${d.position?.line}:${d.position?.column}`])).toEqual([
      ['DUPLICATE_KEY', 'b.c', '4:3'],
      ['DUPLICATE_KEY', 'a', '5:1'],
    ]);
  });
});
