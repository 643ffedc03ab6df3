/**
 * Remote addresses as the secret rule compares them: an IPv4 client reaching a dual-stack socket
 * shows up as `::ffff:10.0.0.11`; it is the same machine as `10.0.0.11`.
 */
import { isIP } from 'node:net';

export function normalizeAddress(address: string | undefined): string {
  if (address === undefined) return '';
  const lower = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped?.[1] !== undefined) return mapped[1];
  return lower;
}

/** True for 127.0.0.0/8 and ::1: the admin endpoints answer only these. */
export function isLoopback(address: string): boolean {
  const normalized = normalizeAddress(address);
  if (normalized === '::1') return true;
  return isIP(normalized) === 4 && normalized.startsWith('127.');
}
