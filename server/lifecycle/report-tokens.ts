/**
 * `OUT/lifecycle/hosts.json` (written by generate; operator-only, never served): per host its
 * roles, MAC and the sha256 of its report token, so serve can check a report's bearer token
 * without holding any token itself.
 *   {"version":1,"hosts":{"<name>":{"roles":[...],"mac":"52:54:..."|null,"tokenSha256":"<hex>"}}}
 *
 * A bearer token is hashed once; its hash is compared with the named host's in constant time
 * (timingSafeEqual). A token that is another host's is told apart (403) by looking its hash up:
 * that reveals nothing about any token, only whether the presented one is some host's.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export const HOSTS_FILE = 'lifecycle/hosts.json';

export interface ReportHost {
  roles: string[];
  mac: string | null;
  tokenSha256: string;
}

export interface ReportTokens {
  hosts: ReadonlyMap<string, ReportHost>;
  /** tokenSha256 -> host name. */
  byHash: ReadonlyMap<string, string>;
}

/** Parses hosts.json; throws an Error naming what is wrong. */
export function parseReportTokens(text: string): ReportTokens {
  const value: unknown = JSON.parse(text);
  const fail = (what: string): never => {
    throw new Error(`${HOSTS_FILE}: ${what}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('not a JSON object');
  const { version, hosts } = value as Record<string, unknown>;
  if (version !== 1) fail(`unknown version ${JSON.stringify(version)}`);
  if (typeof hosts !== 'object' || hosts === null || Array.isArray(hosts))
    return fail('"hosts" is not an object');
  const byName = new Map<string, ReportHost>();
  const byHash = new Map<string, string>();
  for (const [name, entry] of Object.entries(hosts)) {
    if (typeof entry !== 'object' || entry === null) return fail(`hosts.${name} is not an object`);
    const { roles, mac, tokenSha256 } = entry as Record<string, unknown>;
    if (!Array.isArray(roles) || !roles.every((r) => typeof r === 'string'))
      fail(`hosts.${name}.roles is not a list of strings`);
    if (mac !== null && typeof mac !== 'string') fail(`hosts.${name}.mac is not a string or null`);
    if (typeof tokenSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(tokenSha256))
      return fail(`hosts.${name}.tokenSha256 is not 64 lower-case hex digits`);
    if (byHash.has(tokenSha256))
      fail(`hosts.${name} has the same token as hosts.${byHash.get(tokenSha256) ?? ''}`);
    byName.set(name, { roles: roles as string[], mac: mac as string | null, tokenSha256 });
    byHash.set(tokenSha256, name);
  }
  return { hosts: byName, byHash };
}

export type TokenVerdict = 'ok' | 'missing' | 'wrong' | 'other-host';

/** The bearer token of an Authorization header, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1];
}

export function checkToken(tokens: ReportTokens, host: string, header: string | undefined): TokenVerdict {
  const own = tokens.hosts.get(host);
  const token = bearerToken(header);
  if (token === undefined) return 'missing';
  const hash = createHash('sha256').update(token, 'utf8').digest();
  if (own !== undefined && timingSafeEqual(hash, Buffer.from(own.tokenSha256, 'hex'))) return 'ok';
  const owner = tokens.byHash.get(hash.toString('hex'));
  return owner !== undefined && owner !== host ? 'other-host' : 'wrong';
}
