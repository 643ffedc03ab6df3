/**
 * IPv4 address and network arithmetic. CIDR validity comes from ip-cidr; addresses are handled
 * as unsigned 32-bit numbers (exact in a JS number) so offsets, overlaps and subnet counts are
 * plain arithmetic, far cheaper than ip-cidr's BigInt objects.
 * bootforge v1 plans IPv4 clusters only; IPv6 input is reported by validation, not planned.
 */
import IPCIDR from 'ip-cidr';

export interface Ipv4Network {
  /** Canonical `a.b.c.d/p` with the host bits cleared. */
  readonly cidr: string;
  /** Network address as an unsigned 32-bit number. */
  readonly network: number;
  readonly prefix: number;
  /** Broadcast (last) address. */
  readonly broadcast: number;
  /** Number of addresses, 2^(32 - prefix). */
  readonly size: number;
  /** True when the text had no host bits set (10.0.0.0/24, not 10.0.0.5/24). */
  readonly canonical: boolean;
}

/** Four decimal octets 0-255 without leading zeros (010 would be octal to some parsers). */
const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const DOTTED_QUAD = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);

export function isIpv4(text: string): boolean {
  return DOTTED_QUAD.test(text);
}

export function parseIpv4(text: string): number | undefined {
  if (!isIpv4(text)) return undefined;
  return text.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

export function formatIpv4(value: number): string {
  const v = value >>> 0;
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
}

/** Parse `a.b.c.d/p`; undefined unless it is an IPv4 CIDR with a prefix from 0 to 32. */
export function parseCidr(text: string): Ipv4Network | undefined {
  const slash = text.indexOf('/');
  const address = parseIpv4(text.slice(0, slash));
  if (slash < 0 || address === undefined || !/^\d{1,2}$/.test(text.slice(slash + 1))) return undefined;
  if (!IPCIDR.isValidCIDR(text)) return undefined;
  const prefix = Number(text.slice(slash + 1));
  const size = 2 ** (32 - prefix);
  const network = address - (address % size);
  return Object.freeze({
    cidr: `${formatIpv4(network)}/${prefix}`,
    network,
    prefix,
    broadcast: network + size - 1,
    size,
    canonical: address === network,
  });
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
