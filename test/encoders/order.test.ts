import { describe, expect, it } from 'vitest';
import { byKey, compareStrings } from '../../encoders/order.js';

describe('deterministic order', () => {
  it('orders by code unit, not by locale: upper case before lower, digits before letters', () => {
    expect(['b', 'a', 'B', '10', '9', 'é', 'e'].sort(compareStrings)).toEqual([
      '10',
      '9',
      'B',
      'a',
      'b',
      'e',
      'é',
    ]);
  });

  it('sorts by a string key', () => {
    expect([{ p: 'z' }, { p: 'A' }].sort(byKey((x) => x.p))).toEqual([{ p: 'A' }, { p: 'z' }]);
  });
});
