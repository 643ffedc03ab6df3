/**
 * IPv4 address and network arithmetic. Parsing and validity come from ip-cidr; addresses are
 * handled as unsigned 32-bit numbers so that offsets, overlaps and subnet counts stay exact.
 * bootforge v1 plans IPv4 clusters only; IPv6 input is reported by validation, not planned.
 */
import IPCIDR from 'ip-cidr';

export interface Ipv4Network {
  /** Canonical `a.b.c.d/p` with the host bits cleared. */
  cidr: string;
  /** Network address as an unsigned 32-bit number. */
  network: number;
  prefix: number;
  /** Broadcast (last) address. */
  broadcast: number;
  /** Number of addresses, 2^(32 - prefix). */
  size: number;
  /** True when the text had no host bits set (10.0.0.0/24, not 10.0.0.5/24). */
  canonical: boolean;
}

const DOTTED_QUAD = /^\d{1,3}(\.\d{1,3}){3}$/;

export function isIpv4(text: string): boolean {
  return DOTTED_QUAD.test(text) && IPCIDR.isValidAddress(text);
}

export function parseIpv4(text: string): number | undefined {
  if (!isIpv4(text)) return undefined;
  return text.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

export function formatIpv4(value: number): string {
  const v = value >>> 0;
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
}

export function parseCidr(text: string): Ipv4Network | undefined {
  const slash = text.indexOf('/');
  if (slash < 0 || !isIpv4(text.slice(0, slash)) || !/^\d{1,2}$/.test(text.slice(slash + 1)))
    return undefined;
  if (!IPCIDR.isValidCIDR(text)) return undefined;
  const range = new IPCIDR(text);
  const prefix = Number(text.slice(slash + 1));
  const start = parseIpv4(String(range.start()));
  const end = parseIpv4(String(range.end()));
  const given = parseIpv4(text.slice(0, slash));
  if (start === undefined || end === undefined || given === undefined) return undefined;
  return {
    cidr: `${formatIpv4(start)}/${prefix}`,
    network: start,
    prefix,
    broadcast: end,
    size: end - start + 1,
    canonical: given === start,
  };
}

export function contains(net: Ipv4Network, ip: number): boolean {
  return ip >= net.network && ip <= net.broadcast;
}

export function overlaps(a: Ipv4Network, b: Ipv4Network): boolean {
  return a.network <= b.broadcast && b.network <= a.broadcast;
}

/** The address `offset` places after the network address (offset 1 = first usable). */
export function addressAt(net: Ipv4Network, offset: number): string {
  return formatIpv4(net.network + offset);
}

/** Dotted netmask for a prefix length, e.g. 24 -> 255.255.255.0. */
export function netmask(prefix: number): string {
  return formatIpv4(prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);
}
