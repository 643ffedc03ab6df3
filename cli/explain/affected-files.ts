/**
 * For `bootforge explain`: which rendered files depend on a key, found by the pipeline itself
 * rather than a table: the inventory is rendered in memory as it is and once more with the key's
 * value changed to another valid one (the first candidate the inventory's rules and the OS
 * support check accept), over the same look-alike PKI (pki/look-alike.ts), and the files whose
 * bytes differ are the answer. The PKI is held fixed, so certificates issued from the key (a
 * host's IP in its SANs, pki.keyAlgorithm) are not counted; the report says so.
 */
import type { Provenance } from '../../synth/provenance.js';
import { dump } from 'js-yaml';
import { toBytes } from '../../encoders/bytes.js';
import type { FormattedFile } from '../../emit/output-file.js';
import { hasErrors, type PathSegments } from '../../inventory/diagnostic.js';
import { parseInventory } from '../../inventory/load.js';
import type { JsonSchema } from '../../inventory/schema.js';
import type { ClusterPki } from '../../pki/model.js';
import { osSupportDiagnostics } from '../../plan/os-support.js';
import { planCluster } from '../../plan/plan-cluster.js';
import type { UserProfiles } from '../../profiles/user-profiles.js';
import { synth } from '../../synth/synth.js';

export interface AffectedFiles {
  /** The value the key was changed to. */
  changedTo: unknown;
  /** OUT paths whose bytes differ, sorted, with their format. */
  files: { path: string; format: string; host?: string }[];
}

/** The last run of digits moved by one, up and down: ports, octets, patch versions, sizes. */
function nudgedDigits(value: string): string[] {
  const match = /(\d+)(?!.*\d)/.exec(value);
  if (!match || match.index === undefined) return [];
  const digits = Number(match[1]);
  const at = (n: number): string =>
    value.slice(0, match.index) + String(n) + value.slice(match.index + (match[1]?.length ?? 0));
  return [at(digits + 1), ...(digits > 0 ? [at(digits - 1)] : [])];
}

/** Other values of the key's type to try, most plausible first. */
export function candidates(value: unknown, schema: JsonSchema): unknown[] {
  if (schema.enum) return schema.enum.filter((v) => v !== value);
  if (typeof value === 'boolean') return [!value];
  if (typeof value === 'number') {
    const min = schema.minimum ?? -Infinity;
    const max = schema.maximum ?? Infinity;
    return [value + 1, value - 1].filter((n) => n >= min && n <= max);
  }
  if (typeof value === 'string') return [...nudgedDigits(value), `${value}x`];
  if (Array.isArray(value)) {
    const items = schema.items;
    const out: unknown[] = [];
    if (items?.enum) for (const v of items.enum) if (!value.includes(v)) out.push([...value, v]);
    if (value.length > (schema.minItems ?? 0)) out.push(value.slice(0, -1));
    const [first, ...rest] = value;
    if (typeof first === 'string' && !items?.enum)
      for (const c of candidates(first, items ?? {})) out.push([c, ...rest]);
    return out;
  }
  if (typeof value === 'object' && value !== null && typeof schema.additionalProperties === 'object')
    return [{ ...value, 'bootforge.io/explain': 'changed' }];
  return [];
}

function setAt(root: unknown, segments: PathSegments, value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const [i, segment] of segments.entries()) {
    if (i === segments.length - 1) {
      node[segment] = value;
      return;
    }
    const next = node[segment];
    if (typeof next !== 'object' || next === null) node[segment] = {};
    node = node[segment] as Record<string | number, unknown>;
  }
}

function sameBytes(a: FormattedFile, b: FormattedFile): boolean {
  if (typeof a.content === 'string' && typeof b.content === 'string') return a.content === b.content;
  return Buffer.from(toBytes(a.content)).equals(toBytes(b.content));
}

async function render(
  text: string,
  file: string,
  pki: ClusterPki,
  userProfiles: UserProfiles | undefined,
  provenance: Provenance | undefined,
): Promise<FormattedFile[] | undefined> {
  const { inventory } = parseInventory(text, file);
  if (!inventory) return undefined;
  const plan = planCluster(inventory);
  if (hasErrors(osSupportDiagnostics(plan))) return undefined;
  try {
    const result = await synth(plan, pki, {
      ...(userProfiles ? { userProfiles } : {}),
      ...(provenance ? { provenance } : {}),
    });
    return hasErrors(result.diagnostics) ? undefined : result.files;
  } catch {
    // The changed value is valid for the inventory's rules but not for a later stage (a version
    // with no sha256 pin, a template that needs it): not a value to compare with; try the next.
    return undefined;
  }
}

/**
 * Render `document` as it is and with the value at each of `targets` replaced by a candidate;
 * undefined when no candidate is a valid inventory (the report then says so).
 */
export async function affectedFiles(input: {
  document: unknown;
  file: string;
  targets: readonly PathSegments[];
  value: unknown;
  schema: JsonSchema;
  pki: ClusterPki;
  baseline: readonly FormattedFile[];
  userProfiles?: UserProfiles;
  provenance?: Provenance;
  /** At most this many candidates are rendered (each is one synth of the whole cluster). */
  tries?: number;
}): Promise<AffectedFiles | undefined> {
  const before = new Map(input.baseline.map((f) => [f.path, f]));
  for (const changedTo of candidates(input.value, input.schema).slice(0, input.tries ?? 4)) {
    const copy = structuredClone(input.document);
    for (const target of input.targets) setAt(copy, target, structuredClone(changedTo));
    const after = await render(dump(copy), input.file, input.pki, input.userProfiles, input.provenance);
    if (!after) continue;
    const changed = new Map<string, FormattedFile>();
    for (const f of after) {
      const old = before.get(f.path);
      if (!old || !sameBytes(old, f)) changed.set(f.path, f);
    }
    const kept = new Set(after.map((f) => f.path));
    for (const f of input.baseline) if (!kept.has(f.path)) changed.set(f.path, f);
    const files = [...changed.values()]
      .map(({ path, format, host }) => ({ path, format, ...(host === undefined ? {} : { host }) }))
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    return { changedTo, files };
  }
  return undefined;
}
