import { describe, expect, it } from 'vitest';
import {
  addressAt,
  contains,
  formatIpv4,
  isIpv4,
  netmask,
  overlaps,
  parseCidr,
  parseIpv4,
} from '../../plan/ipv4.js';

describe('IPv4 helpers', () => {
  it('parses and formats addresses, rejecting leading zeros and out-of-range octets', () => {
    expect(parseIpv4('10.0.0.1')).toBe(0x0a000001);
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
    expect(formatIpv4(0xc0a80101)).toBe('192.168.1.1');
    for (const bad of ['10.0.0.256', '010.0.0.1', '10.0.0', '10.0.0.1/24', ' 10.0.0.1', 'fd00::1', '']) {
      expect(isIpv4(bad), bad).toBe(false);
    }
  });

  it('parses CIDRs into network, broadcast, size and canonical form', () => {
    expect(parseCidr('10.0.0.5/24')).toEqual({
      cidr: '10.0.0.0/24',
      network: 0x0a000000,
      prefix: 24,
      broadcast: 0x0a0000ff,
      size: 256,
      canonical: false,
    });
    expect(parseCidr('0.0.0.0/0')?.size).toBe(2 ** 32);
    expect(parseCidr('10.1.2.3/32')?.broadcast).toBe(parseIpv4('10.1.2.3'));
    for (const bad of ['10.0.0.0', '10.0.0.0/33', '10.0.0.0/-1', 'fd00::/64', '10.0.0.0/ 8', 'a/8']) {
      expect(parseCidr(bad), bad).toBeUndefined();
    }
  });

  it('answers containment and overlap', () => {
    const a = parseCidr('10.0.0.0/8');
    const b = parseCidr('10.254.0.0/16');
    const c = parseCidr('11.0.0.0/8');
    if (!a || !b || !c) throw new Error('parse');
    expect(overlaps(a, b)).toBe(true);
    expect(overlaps(b, a)).toBe(true);
    expect(overlaps(a, c)).toBe(false);
    expect(contains(b, parseIpv4('10.254.255.255') ?? 0)).toBe(true);
    expect(contains(b, parseIpv4('10.255.0.0') ?? 0)).toBe(false);
    expect(addressAt(b, 10)).toBe('10.254.0.10');
  });

  it('computes netmasks', () => {
    expect(netmask(24)).toBe('255.255.255.0');
    expect(netmask(12)).toBe('255.240.0.0');
    expect(netmask(32)).toBe('255.255.255.255');
    expect(netmask(0)).toBe('0.0.0.0');
  });
});
