/**
 * A dotted inventory key as an operator types it (`cluster.kubernetes.version`, `hosts[0].disk`,
 * `hosts.knode1.disk`, `hosts[knode1].disk`) resolved against the inventory's JSON Schema and its
 * hosts: the path segments, the schema node there, and which hosts it selects. A host key the
 * host schema lacks but the cluster has (`hosts[0].runtime`) resolves to the cluster key that
 * applies to that host. Unknown keys and hosts are a Diagnostic with a "did you mean" hint.
 * Used by `bootforge explain`. Pure.
 */
import { didYouMean } from './did-you-mean.js';
import { formatPath, type Diagnostic, type PathSegments } from './diagnostic.js';
import { inventorySchema, type JsonSchema } from './schema.js';

export interface ResolvedKey {
  /** The key as written in the inventory: `cluster.runtime`, `hosts[2].disk`. */
  segments: PathSegments;
  schema: JsonSchema;
  /**
   * Indices of the hosts the key was asked about: one for `hosts[0].x`, every host for
   * `hosts.x` or `hosts[*].x`; for a cluster key reached through a host (`hosts[0].runtime`),
   * that host. Empty for a plain cluster key.
   */
  hosts: number[];
  /** Set when a host key was answered by the cluster key that applies to the host. */
  viaCluster?: string;
}

/** `hosts[knode1].disk` -> ['hosts', '[knode1]', 'disk']: brackets stay marked so names and indices differ. */
function tokens(key: string): string[] {
  return [...key.matchAll(/\[([^\]]*)\]|([^.[\]]+)/g)].map((m) =>
    m[1] !== undefined ? `[${m[1]}]` : (m[2] ?? ''),
  );
}

function unknown(path: string, message: string, hint: string): Diagnostic {
  return { code: 'UNKNOWN_KEY', severity: 'error', path, message, hint };
}

/** Walk `rest` down from `schema`; a Diagnostic names the first segment the schema lacks. */
function walk(
  schema: JsonSchema,
  prefix: (string | number)[],
  rest: readonly string[],
): { segments: (string | number)[]; schema: JsonSchema } | Diagnostic {
  let node = schema;
  const segments = [...prefix];
  for (const raw of rest) {
    const token = raw.startsWith('[') ? raw.slice(1, -1) : raw;
    if (node.type === 'array' && node.items && /^\d+$/.test(token)) {
      segments.push(Number(token));
      node = node.items;
      continue;
    }
    const child = node.properties?.[token];
    if (child) {
      segments.push(token);
      node = child;
      continue;
    }
    if (typeof node.additionalProperties === 'object') {
      segments.push(token);
      node = node.additionalProperties;
      continue;
    }
    const here = formatPath(segments) || 'the document';
    const keys = Object.keys(node.properties ?? {});
    const guess = didYouMean(token, keys);
    return unknown(
      formatPath([...segments, token]),
      keys.length > 0 ? `${here} has no key '${token}'` : `${here} is a value and has no keys`,
      keys.length > 0
        ? `${guess ? `did you mean '${formatPath([...segments, guess])}'? ` : ''}keys of ${here}: ${keys.join(', ')}`
        : `explain ${here} itself`,
    );
  }
  return { segments, schema: node };
}

export function resolveKey(key: string, hostNames: readonly string[]): ResolvedKey | Diagnostic {
  const parts = tokens(key.trim());
  if (parts.length === 0)
    return unknown('', 'no key given', 'e.g. cluster.kubernetes.version or hosts[0].disk');
  if (parts[0] !== 'hosts') {
    const found = walk(inventorySchema, [], parts);
    return 'code' in found ? found : { ...found, hosts: [] };
  }
  const hostsSchema = inventorySchema.properties?.['hosts'];
  const hostSchema = hostsSchema?.items;
  if (!hostsSchema || !hostSchema) throw new Error('resolveKey: the schema has no hosts');
  const selector = parts[1];
  if (selector === undefined) return { segments: ['hosts'], schema: hostsSchema, hosts: [] };
  const bare = selector.startsWith('[') ? selector.slice(1, -1) : selector;
  let hosts: number[];
  let rest = parts.slice(2);
  if (/^\d+$/.test(bare)) {
    const index = Number(bare);
    if (index >= hostNames.length) {
      return unknown(
        `hosts[${index}]`,
        `there is no hosts[${index}]: the inventory has ${hostNames.length} host${hostNames.length === 1 ? '' : 's'}`,
        `use hosts[0] to hosts[${hostNames.length - 1}], or a name: ${hostNames.join(', ')}`,
      );
    }
    hosts = [index];
  } else if (hostNames.includes(bare)) {
    hosts = [hostNames.indexOf(bare)];
  } else if (bare === '*' || (!selector.startsWith('[') && hostSchema.properties?.[bare])) {
    hosts = hostNames.map((_, i) => i);
    if (bare !== '*') rest = parts.slice(1);
  } else {
    const guess = didYouMean(bare, [...hostNames, ...Object.keys(hostSchema.properties ?? {})]);
    return unknown(
      `hosts.${bare}`,
      `no host '${bare}' and no host key '${bare}'`,
      `${guess ? `did you mean '${guess}'? ` : ''}hosts: ${hostNames.join(', ')}; host keys: ${Object.keys(hostSchema.properties ?? {}).join(', ')}`,
    );
  }
  const first = rest[0];
  const clusterSchema = inventorySchema.properties?.['cluster'];
  if (first !== undefined && !hostSchema.properties?.[first] && clusterSchema?.properties?.[first]) {
    // A cluster-wide key asked about one host: every host gets the cluster's value.
    const found = walk(clusterSchema, ['cluster'], rest);
    if ('code' in found) return found;
    return { ...found, hosts, viaCluster: formatPath(found.segments) };
  }
  const host = hosts.length === 1 ? (hosts[0] ?? 0) : 0;
  const found = walk(hostSchema, ['hosts', host], rest);
  return 'code' in found ? found : { ...found, hosts };
}

/**
 * Every key `resolveKey` accepts without a host name, for shell completion: each schema leaf
 * under cluster, and each host key as `hosts.<key>` (every host). Sorted.
 */
export function schemaKeys(): string[] {
  const out: string[] = [];
  const visit = (schema: JsonSchema, prefix: string): void => {
    const properties = schema.properties;
    if (schema.type === 'object' && properties && Object.keys(properties).length > 0) {
      for (const [key, child] of Object.entries(properties)) visit(child, prefix ? `${prefix}.${key}` : key);
      return;
    }
    out.push(prefix);
  };
  const root = inventorySchema.properties ?? {};
  if (root['cluster']) visit(root['cluster'], 'cluster');
  for (const key of Object.keys(root['hosts']?.items?.properties ?? {})) out.push(`hosts.${key}`);
  return out.sort();
}
