import { describe, expect, it } from 'vitest';
import { isMulticastMac, normaliseMac } from '../../inventory/mac.js';

describe('normaliseMac', () => {
  it.each([
    ['52:54:00:AB:cd:EF', '52:54:00:ab:cd:ef'],
    ['52-54-00-ab-cd-ef', '52:54:00:ab:cd:ef'],
    ['5254.00AB.CDEF', '52:54:00:ab:cd:ef'],
    ['525400abcdef', '52:54:00:ab:cd:ef'],
    [' 52:54:00:ab:cd:ef ', '52:54:00:ab:cd:ef'],
  ])('%s -> %s', (input, output) => {
    expect(normaliseMac(input)).toBe(output);
  });

  it.each([
    '52:54:00:ab:cd',
    '52:54:00:ab:cd:ef:01',
    '52:54-00:ab:cd:ef',
    'zz:54:00:ab:cd:ef',
    '5254.00ab.cde',
    '',
  ])('rejects %j', (input) => {
    expect(normaliseMac(input)).toBeUndefined();
  });

  it('knows multicast addresses by the lowest bit of the first octet', () => {
    expect(isMulticastMac('01:00:5e:00:00:01')).toBe(true);
    expect(isMulticastMac('33:33:00:00:00:01')).toBe(true);
    expect(isMulticastMac('52:54:00:00:00:01')).toBe(false);
  });
});
