/**
 * `lifecycle/hosts.json` in OUT: what `serve` needs to check a host's report token without holding
 * it (contract.md "Install lifecycle", DESIGN.md "Lifecycle"). Written by the lifecycle site phase,
 * read by the server; operator material, never served (operator-only.ts).
 *
 *   {"version":1,"hosts":{"<name>":{"roles":[...],"mac":"52:54:..."|null,"tokenSha256":"<hex>"}}}
 *
 * Hosts sorted by name; tokenSha256 is the hex sha256 of the token's UTF-8 bytes.
 */

export const LIFECYCLE_DIR = 'lifecycle';
export const LIFECYCLE_HOSTS_FILE = `${LIFECYCLE_DIR}/hosts.json`;
export const LIFECYCLE_HOSTS_VERSION = 1;

export interface LifecycleHost {
  roles: string[];
  mac: string | null;
  tokenSha256: string;
}

export interface LifecycleHosts {
  version: typeof LIFECYCLE_HOSTS_VERSION;
  hosts: Record<string, LifecycleHost>;
}
