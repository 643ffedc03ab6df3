/**
 * Who may have a file. A file that is not secret goes to anyone; a secret file only to the
 * inventory address of the host the manifest says owns it; a secret file that names no host, or a
 * host not in the inventory, to nobody.
 */
import type { ServingFile, ServingHost } from './entry.js';

export type FileAudience =
  { kind: 'anyone' } | { kind: 'owner'; host: ServingHost } | { kind: 'nobody'; reason: string };

export function audienceOf(
  file: ServingFile,
  hostNamed: (name: string) => ServingHost | undefined,
): FileAudience {
  if (!file.secret) return { kind: 'anyone' };
  if (file.host === undefined)
    return { kind: 'nobody', reason: `secret file /${file.path} belongs to no host` };
  const host = hostNamed(file.host);
  if (host === undefined)
    return { kind: 'nobody', reason: `secret file /${file.path} belongs to unknown host ${file.host}` };
  return { kind: 'owner', host };
}

/**
 * Remote addresses as the secret rule compares them: an IPv4 client reaching a dual-stack socket
 * shows up as `::ffff:10.0.0.11`; it is the same machine as `10.0.0.11` (nginx's allow rules treat
 * it the same way).
 */
export function normalizeAddress(address: string | undefined): string {
  if (address === undefined) return '';
  const lower = address.toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (mapped?.[1] !== undefined) return mapped[1];
  return lower;
}

/** Why `remote` may not have a file of `owner`, or undefined when it may. */
export function refusalFor(owner: ServingHost, remote: string): string | undefined {
  if (normalizeAddress(remote) === normalizeAddress(owner.ip)) return undefined;
  return `secret file of host ${owner.name} is served only to ${owner.ip}, not to ${remote || 'an unknown address'}`;
}
