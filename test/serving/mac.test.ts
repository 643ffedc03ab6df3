import { describe, expect, it } from 'vitest';
import { normalizeMac } from '../../serving/mac.js';
import { hostScriptPath } from '../../serving/routes.js';
import { macHyphen } from '../../generators/pxe/mac-names.js';

describe('normalizeMac', () => {
  it.each([
    ['52:54:00:ab:cd:ef', '52:54:00:ab:cd:ef'],
    ['52-54-00-AB-CD-EF', '52:54:00:ab:cd:ef'],
    ['5254.00ab.cdef', '52:54:00:ab:cd:ef'],
    ['525400ABCDEF', '52:54:00:ab:cd:ef'],
    ['01-52-54-00-ab-cd-ef', '52:54:00:ab:cd:ef'],
    [' 52:54:00:ab:cd:ef ', '52:54:00:ab:cd:ef'],
  ])('reads %s', (input, expected) => {
    expect(normalizeMac(input)).toBe(expected);
  });

  it.each([
    '',
    '52:54:00:ab:cd',
    '52:54-00:ab:cd:ef',
    '52:54:00:ab:cd:eg',
    '5254.00ab.cdef.0000',
    '52:54:00:ab:cd:ef:01',
    '../etc',
  ])('refuses %j', (input) => {
    expect(normalizeMac(input)).toBeUndefined();
  });

  it('writes the hyphen form iPXE and pxelinux use', () => {
    expect(macHyphen('52:54:00:ab:cd:ef')).toBe('52-54-00-ab-cd-ef');
  });

  it('names the per-MAC script where the PXE generator writes it', () => {
    expect(hostScriptPath('52:54:00:AB:cd:ef')).toBe(`pxe/ipxe/${macHyphen('52:54:00:ab:cd:ef')}.ipxe`);
  });
});
