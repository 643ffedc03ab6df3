import { describe, expect, it } from 'vitest';
import { BoundedMemo, ENTRY_OVERHEAD } from '../../../generators/shared/bounded-memo.js';

const O = ENTRY_OVERHEAD;

describe('BoundedMemo', () => {
  it('makes a value once per key while its entries fit the limit', () => {
    const memo = new BoundedMemo(100 + 2 * O);
    let made = 0;
    const make = (key: string): string => `${key}!${++made}`;
    expect(memo.get('abc', make)).toBe('abc!1');
    expect(memo.get('abc', make)).toBe('abc!1');
    expect(memo.get('defg', make)).toBe('defg!2');
    expect(made).toBe(2);
    expect(memo.size).toBe(3 + 5 + 4 + 6 + 2 * O);
  });

  it('counts values, not only keys: a short key with a long value fills it', () => {
    const memo = new BoundedMemo(1000 + O);
    let made = 0;
    const make = (key: string): string => `${key.repeat(500)}${++made}`;
    memo.get('ab', make); // 2 + 1001 + O > limit alone: answered, not remembered
    expect(memo.size).toBe(0);
    expect(memo.get('ab', make)).toBe(`${'ab'.repeat(500)}2`);
    memo.get('c', make); // 1 + 501 + O: kept
    expect(memo.get('c', make)).toBe(`${'c'.repeat(500)}3`);
    memo.get('d', make); // would pass the limit: starts over with d alone
    expect(memo.size).toBe(1 + 501 + O);
    expect(memo.get('c', make)).toBe(`${'c'.repeat(500)}5`);
  });

  it('starts over when the next entry would pass the limit, and still answers it', () => {
    const memo = new BoundedMemo(2 * (8 + O));
    let made = 0;
    const make = (key: string): string => `${key}${++made}`.padEnd(4, '.');
    memo.get('aaa', make); // 3 + 4 + O
    expect(memo.size).toBe(3 + 4 + O);
    memo.get('bbbb', make); // 4 + 5 + O: exactly at the limit, kept
    expect(memo.size).toBe(16 + 2 * O);
    expect(memo.get('cc', make)).toBe('cc3.'); // passes the limit: forgotten, then remembered alone
    expect(memo.size).toBe(2 + 4 + O);
    expect(memo.get('aaa', make)).toBe('aaa4');
    expect(memo.get('cc', make)).toBe('cc3.');
  });

  it('stays within its limit over many distinct entries of every size', () => {
    const limit = 10_000;
    const memo = new BoundedMemo(limit);
    for (let i = 0; i < 5_000; i += 1) {
      const key = `k${i}`;
      expect(memo.get(key, (k) => k.repeat(i % 97))).toBe(key.repeat(i % 97));
      expect(memo.size).toBeLessThanOrEqual(limit);
    }
  });
});
