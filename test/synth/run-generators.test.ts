import { describe, expect, it } from 'vitest';
import type { Generator, GeneratorInput } from '../../generators/generator.js';
import { runGenerators, selectFormats, UnknownFormatError } from '../../synth/run-generators.js';

const input = { plan: {}, hosts: [] } as unknown as Omit<GeneratorInput, 'produced'>;

const gen = (name: string, needs: string[] = [], extra: Partial<Generator> = {}): Generator => ({
  name,
  needs,
  render: ({ produced }) => [
    { path: `${name}.txt`, content: produced.map((f) => f.path).join(','), mode: 0o644 },
  ],
  ...extra,
});

describe('selectFormats', () => {
  const gens = [gen('a'), gen('b', ['a']), gen('c'), gen('z', [], { onRequest: true })];

  it('runs everything but on-request formats by default, in registry order', () => {
    expect(selectFormats(gens)).toEqual(['a', 'b', 'c']);
  });

  it('closes --only over needs and keeps registry order; names on-request formats explicitly', () => {
    expect(selectFormats(gens, ['b'])).toEqual(['a', 'b']);
    expect(selectFormats(gens, ['z', 'c'])).toEqual(['c', 'z']);
  });

  it('rejects an unknown format, naming the known ones', () => {
    expect(() => selectFormats(gens, ['nope'])).toThrow(UnknownFormatError);
    expect(() => selectFormats(gens, ['nope'])).toThrow(/known: a, b, c, z/);
  });
});

describe('runGenerators', () => {
  it('tags files with their format, lets later generators read earlier output, and collects warnings', () => {
    const warn = gen('b', ['a'], {
      diagnose: ({ produced }) => [
        { code: 'W', severity: 'warning', path: '', message: `saw ${produced.length}`, hint: 'h' },
      ],
    });
    const run = runGenerators([gen('a'), warn], input, ['a', 'b']);
    expect(run.files).toEqual([
      { path: 'a.txt', content: '', mode: 0o644, format: 'a' },
      { path: 'b.txt', content: 'a.txt', mode: 0o644, format: 'b' },
    ]);
    expect(run.diagnostics.map((d) => d.message)).toEqual(['saw 1']);
  });

  it('refuses two generators writing one path', () => {
    const twin: Generator = { ...gen('b'), render: () => [{ path: 'a.txt', content: 'x', mode: 0o644 }] };
    expect(() => runGenerators([gen('a'), twin], input, ['a', 'b'])).toThrow(/two generators wrote a.txt/);
  });
});
