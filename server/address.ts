/**
 * Operator addresses: the admin endpoints answer only 127.0.0.1 and ::1, the machine itself. Not
 * all of 127/8, which some setups (and our tests) give to other identities.
 */
import { normalizeAddress } from '../serving/secret-owner.js';

export function isAdminAddress(address: string): boolean {
  const normalized = normalizeAddress(address);
  return normalized === '127.0.0.1' || normalized === '::1';
}
