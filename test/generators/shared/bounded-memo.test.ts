import { describe, expect, it } from 'vitest';
import { BoundedMemo } from '../../../generators/shared/bounded-memo.js';

describe('BoundedMemo', () => {
  it('makes a value once per key while its keys fit the limit', () => {
    const memo = new BoundedMemo(10);
    let made = 0;
    const make = (key: string): string => `${key}!${++made}`;
    expect(memo.get('abc', make)).toBe('abc!1');
    expect(memo.get('abc', make)).toBe('abc!1');
    expect(memo.get('defg', make)).toBe('defg!2');
    expect(made).toBe(2);
  });

  it('starts over when the next key would pass the limit, and still answers it', () => {
    const memo = new BoundedMemo(8);
    let made = 0;
    const make = (key: string): string => `${key}${++made}`;
    memo.get('aaaa', make); // 4
    memo.get('bbbb', make); // 8: at the limit, kept
    expect(memo.get('cc', make)).toBe('cc3'); // 10 > 8: forgotten, then remembered alone
    expect(memo.get('aaaa', make)).toBe('aaaa4');
    expect(memo.get('cc', make)).toBe('cc3');
  });
});
