/**
 * Remote addresses as the secret rule compares them: an IPv4 client reaching a dual-stack socket
 * shows up as `::ffff:10.0.0.11`; it is the same machine as `10.0.0.11`.
 */
export function normalizeAddress(address: string | undefined): string {
  if (address === undefined) return '';
  const lower = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped?.[1] !== undefined) return mapped[1];
  return lower;
}

/**
 * The admin endpoints answer only 127.0.0.1 and ::1: the machine itself. Not all of 127/8, which
 * some setups (and our tests) give to other identities.
 */
export function isAdminAddress(address: string): boolean {
  const normalized = normalizeAddress(address);
  return normalized === '127.0.0.1' || normalized === '::1';
}
