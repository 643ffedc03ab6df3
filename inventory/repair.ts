/**
 * "Every problem at once" across structure and rules. A missing key or a wrong type leaves a
 * document the rules cannot read as it is, but usually only in one place: a misspelt `runtim:`
 * hides nothing else in the file. This builds a copy in which each such place is repaired the
 * way the user evidently meant, or left out, so that the rules can still run over the rest:
 *
 * - a required key that is missing next to an unknown key that is its near miss (`runtim`):
 *   the near miss's value, under the right name;
 * - a key whose schema has a default or a single allowed value: that value;
 * - an optional key of the wrong type: left out;
 * - anything else inside one host (`roles: master`, a missing `ip`): that host is left out.
 *
 * Anything else (say `cluster.network` missing) cannot be repaired: then the rules do not run.
 * The caller reports the rules' findings only where they are about what the user wrote: never at
 * or under a repaired path, and none of the findings that count hosts when one was left out.
 * Paths of the repaired copy are mapped back to the document's (`translate`).
 */
import type { PathSegments } from './diagnostic.js';
import { didYouMean } from './did-you-mean.js';
import type { JsonSchema } from './schema.js';

export interface Problem {
  code: string;
  at: PathSegments;
}

export interface Repair {
  /** The repaired copy: structurally sound but for problems that keep every type. */
  document: unknown;
  /** Paths (as the document prints them) whose value bootforge supplied; nothing there is reported. */
  supplied: PathSegments[];
  /** Indices (in the document) of hosts that were left out. */
  droppedHosts: number[];
  /** A path in the copy -> the path the document would print (host indices shifted back). */
  documentPath(at: PathSegments): PathSegments;
  /** A path in the copy -> where the same value is written in the document (renamed keys too). */
  sourcePath(at: PathSegments): PathSegments;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function schemaAt(schema: JsonSchema, at: PathSegments): JsonSchema | undefined {
  let node: JsonSchema | undefined = schema;
  for (const segment of at) {
    if (!node) return undefined;
    if (typeof segment === 'number') node = node.items;
    else
      node =
        node.properties?.[segment] ??
        (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
  }
  return node;
}

function valueAt(document: unknown, at: PathSegments): unknown {
  let node = document;
  for (const segment of at) {
    if (typeof segment === 'number') node = Array.isArray(node) ? node[segment] : undefined;
    else node = isObject(node) ? node[segment] : undefined;
  }
  return node;
}

export function startsWith(path: PathSegments, prefix: PathSegments): boolean {
  return prefix.length <= path.length && prefix.every((s, i) => path[i] === s);
}

/**
 * Repair `document` for the problems `check` finds (structure codes with their raw paths);
 * `typeSafe` are the codes after which every type is intact. Undefined when a problem cannot be
 * repaired. `document` is not changed.
 */
export function repairDocument(
  document: unknown,
  schema: JsonSchema,
  check: (document: unknown) => Problem[],
  typeSafe: ReadonlySet<string>,
): Repair | undefined {
  if (!isObject(document)) return undefined;
  const copy = structuredClone(document);
  const supplied: PathSegments[] = [];
  const renames: [PathSegments, PathSegments][] = [];
  const dropped = new Set<number>();
  const hosts = Array.isArray(copy.hosts) ? [...(copy.hosts as unknown[])] : undefined;

  // Each round repairs what the last check found; a renamed subtree may hold problems of its own.
  for (let round = 0; round < 4; round++) {
    const current = hosts ? { ...copy, hosts: hosts.filter((_, i) => !dropped.has(i)) } : copy;
    const problems = check(current).filter((p) => !typeSafe.has(p.code));
    if (problems.length === 0) break;
    if (round === 3) return undefined;
    // Paths in `current` index the hosts that are left; map them to the document's.
    const kept = hosts ? hosts.map((_, i) => i).filter((i) => !dropped.has(i)) : [];
    for (const { code, at: inCurrent } of problems) {
      const at =
        hosts && inCurrent[0] === 'hosts' && typeof inCurrent[1] === 'number'
          ? ['hosts', kept[inCurrent[1]] ?? inCurrent[1], ...inCurrent.slice(2)]
          : inCurrent;
      if (!repairOne(copy, schema, code, at, supplied, renames)) {
        if (at[0] === 'hosts' && typeof at[1] === 'number' && at.length >= 2 && hosts) dropped.add(at[1]);
        else return undefined;
      }
    }
  }
  const kept = hosts ? hosts.map((_, i) => i).filter((i) => !dropped.has(i)) : [];
  const documentPath = (at: PathSegments): PathSegments =>
    hosts && at[0] === 'hosts' && typeof at[1] === 'number'
      ? ['hosts', kept[at[1]] ?? at[1], ...at.slice(2)]
      : at;
  const result = hosts ? { ...copy, hosts: hosts.filter((_, i) => !dropped.has(i)) } : copy;
  return {
    document: result,
    supplied,
    droppedHosts: [...dropped].sort((a, b) => a - b),
    documentPath,
    sourcePath(at) {
      let out = documentPath(at);
      for (const [to, from] of renames) if (startsWith(out, to)) out = [...from, ...out.slice(to.length)];
      return out;
    },
  };
}

/** Repair one problem in place; false when it cannot be (the caller may drop the host). */
function repairOne(
  document: Json,
  schema: JsonSchema,
  code: string,
  at: PathSegments,
  supplied: PathSegments[],
  renames: [PathSegments, PathSegments][],
): boolean {
  const key = at[at.length - 1];
  const parentPath = at.slice(0, -1);
  const parent = valueAt(document, parentPath);
  if (typeof key !== 'string' || !isObject(parent)) return false;
  const keySchema = schemaAt(schema, at);
  if (code === 'MISSING_KEY') {
    const parentSchema = schemaAt(schema, parentPath);
    const known = Object.keys(parentSchema?.properties ?? {});
    const nearMiss = Object.keys(parent).find((k) => !known.includes(k) && didYouMean(k, known) === key);
    if (nearMiss !== undefined) {
      parent[key] = parent[nearMiss];
      Reflect.deleteProperty(parent, nearMiss);
      renames.push([at, [...parentPath, nearMiss]]);
      return true;
    }
  }
  const fixed = keySchema?.const ?? keySchema?.default;
  if (fixed !== undefined) {
    parent[key] = structuredClone(fixed);
    supplied.push(at);
    return true;
  }
  const required = schemaAt(schema, parentPath)?.required ?? [];
  if (code === 'WRONG_TYPE' && !required.includes(key)) {
    Reflect.deleteProperty(parent, key);
    supplied.push(at);
    return true;
  }
  return false;
}
