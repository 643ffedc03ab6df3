import { parseEvents } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { buildSourceMap } from '../../inventory/source-map.js';

function mapOf(text: string) {
  return buildSourceMap(text, parseEvents(text, {}), 'f.yaml');
}

const text = `a: 1
b:
  c: "quoted"
  d: 'single'
  e: [x, {f: plain}]
list:
  - first
  - k: v
    empty:
block: |
  line
anchor: &A {x: 1}
alias: *A
`;

describe('SourceMap', () => {
  const { sourceMap, duplicates } = mapOf(text);
  const pos = (...path: (string | number)[]) => {
    const p = sourceMap.positionOf(path);
    return `${p.line}:${p.column}`;
  };

  it('maps mapping values, quoted scalars (at the quote) and flow collections', () => {
    expect(pos('a')).toBe('1:4');
    expect(pos('b')).toBe('3:3');
    expect(pos('b', 'c')).toBe('3:6');
    expect(pos('b', 'd')).toBe('4:6');
    expect(pos('b', 'e')).toBe('5:6');
    expect(pos('b', 'e', 1, 'f')).toBe('5:14');
  });

  it('maps sequence items and block scalars', () => {
    expect(pos('list', 0)).toBe('7:5');
    expect(pos('list', 1, 'k')).toBe('8:8');
    expect(pos('block')).toBe('11:3');
  });

  it('maps an empty value to its key', () => {
    expect(pos('list', 1, 'empty')).toBe('9:5');
  });

  it('maps a missing key to the nearest written ancestor (the mapping that lacks it)', () => {
    expect(pos('b', 'nope')).toBe('3:3');
    expect(pos('list', 5, 'x')).toBe('7:3');
    expect(pos()).toBe('1:1');
  });

  it('follows aliases into their anchor', () => {
    expect(pos('alias')).toBe('13:8');
    expect(pos('alias', 'x')).toBe('12:16');
  });

  it('positions keys for key-level problems', () => {
    const p = sourceMap.keyPositionOf(['b', 'd']);
    expect(`${p.line}:${p.column}`).toBe('4:3');
  });

  it('finds no duplicates in a clean document', () => {
    expect(duplicates).toEqual([]);
  });

  it('reports each repeated key with both offsets', () => {
    const dup = mapOf('x: 1\ny:\n  z: 1\n  z: 2\nx: 3\n');
    expect(dup.duplicates.map((d) => [d.path.join('.'), d.offset, d.firstOffset])).toEqual([
      ['y.z', 17, 10],
      ['x', 22, 0],
    ]);
  });
});
