import { describe, expect, it } from 'vitest';
import type { Generator } from '../../generators/generator.js';
import { selectableFormats, selectFormats, UnknownFormatError } from '../../synth/select-formats.js';

const gen = (name: string, needs: string[] = [], extra: Partial<Generator> = {}): Generator => ({
  name,
  needs,
  ...extra,
});

describe('selectFormats', () => {
  const gens = [
    gen('k', [], { always: true }),
    gen('a'),
    gen('b', ['a']),
    gen('c'),
    gen('z', [], { onRequest: true }),
  ];

  it('runs everything but on-request and always-on formats by default, in registry order', () => {
    expect(selectFormats(gens)).toEqual(['a', 'b', 'c']);
  });

  it('closes --only over needs and keeps registry order; names on-request formats explicitly', () => {
    expect(selectFormats(gens, ['b'])).toEqual(['a', 'b']);
    expect(selectFormats(gens, ['z', 'c'])).toEqual(['c', 'z']);
  });

  it('rejects an unknown format, naming the known ones; always-on formats are not selectable', () => {
    expect(() => selectFormats(gens, ['nope'])).toThrow(UnknownFormatError);
    expect(() => selectFormats(gens, ['nope'])).toThrow(/known: a, b, c, z\)$/);
    expect(() => selectFormats(gens, ['k'])).toThrow(UnknownFormatError);
    expect(selectableFormats(gens)).toEqual(['a', 'b', 'c', 'z']);
  });
});
