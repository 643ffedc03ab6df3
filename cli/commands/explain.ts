/**
 * `bootforge explain INVENTORY KEY [--json]`: one inventory key's effective value (after
 * defaults, or as the plan resolves it), where it came from (the inventory's file:line:column, or
 * which default), per host where hosts can differ, and what it affects: the schema's description
 * and the rendered files whose bytes change when the value changes (cli/explain/affected-files.ts
 * renders the cluster in memory twice; nothing is issued or written).
 */
import { provenanceOf } from '../provenance.js';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseFlags, positionals } from '../args.js';
import { EXIT_INVALID, EXIT_OK, type Command } from '../command.js';
import { affectedFiles, type AffectedFiles } from '../explain/affected-files.js';
import { valueOrigin, type Origin, type ValueOrigin } from '../explain/value-origin.js';
import { readUserProfiles } from '../output-check.js';
import { paint, type Terminal } from '../terminal.js';
import { printDiagnostics } from './validate.js';
import { HOST_DEFAULT_FROM } from '../../inventory/defaults.js';
import { formatPath, type Diagnostic, type PathSegments } from '../../inventory/diagnostic.js';
import { resolveKey, type ResolvedKey } from '../../inventory/key-path.js';
import { loadInventory } from '../../inventory/load.js';
import { parseYaml } from '../../inventory/parse-yaml.js';
import { lookAlikePki } from '../../pki/look-alike.js';
import type { ClusterPlan } from '../../plan/model.js';
import { planCluster } from '../../plan/plan-cluster.js';
import { profileErrorDiagnostic } from '../../profiles/diagnostics.js';
import { ProfileError } from '../../profiles/errors.js';
import type { UserProfiles } from '../../profiles/user-profiles.js';
import { synth } from '../../synth/synth.js';

const usage = `Usage: bootforge explain INVENTORY KEY [--json]

Explain one inventory key: its effective value (after defaults), where it came from (the
inventory's file:line:column, or which default supplied it, per host where hosts differ), and
what it affects (the files generate renders differently when the value changes). KEY is a
dotted path, e.g.

  bootforge explain cluster.yaml cluster.kubernetes.version
  bootforge explain cluster.yaml hosts[0].disk
  bootforge explain cluster.yaml hosts.knode1.interface     (or hosts[knode1].interface)
  bootforge explain cluster.yaml hosts.disk                 (every host)
  bootforge explain cluster.yaml hosts[knode1].runtime      (the cluster key a host gets)

"Affects" is computed: the cluster is rendered in memory as it is and with the value changed to
another valid one, over the same throwaway PKI, and the files that differ are listed (so
certificates a value would change at issuance are not among them). Nothing is written.

Options:
  --json       print one JSON document on stdout
  -h, --help   show this help

Exit codes: 0 ok, 2 invalid inventory or unknown key.
`;

interface HostRow {
  host: string;
  key: string;
  value: unknown;
  origin: Origin;
}

interface Explanation {
  key: string;
  description: string;
  value: unknown;
  origin: Origin;
  /** Set when a host key was answered by the cluster key every host gets. */
  viaCluster?: string;
  hosts: HostRow[];
  affects:
    (AffectedFiles & { pkiHeldFixed: true; formats: string[]; hosts: string[] }) | { notComputed: string };
}

function show(value: unknown): string {
  return value === undefined ? '(unset)' : JSON.stringify(value);
}

function describeOrigin(origin: Origin): string {
  switch (origin.kind) {
    case 'inventory':
      return `${origin.position.file}:${origin.position.line}:${origin.position.column}`;
    case 'default': {
      const from = origin.from ? ` (${describeOrigin(origin.from.origin)})` : '';
      return `default: ${origin.by}${from}`;
    }
    case 'plan':
      return `not set; ${origin.by}`;
    case 'unset':
      return 'not set, and nothing supplies a default';
  }
}

/** The cluster key hosts inherit, if `segments` is one (cluster.network.interface -> interface). */
function inheritedBy(segments: PathSegments): 'interface' | 'disk' | 'delivery' | undefined {
  const key = formatPath(segments);
  for (const [hostKey, from] of Object.entries(HOST_DEFAULT_FROM))
    if (formatPath(from) === key) return hostKey as 'interface' | 'disk' | 'delivery';
  return undefined;
}

function hostRows(
  resolved: ResolvedKey,
  origin: (segments: PathSegments) => ValueOrigin,
  plan: ClusterPlan,
): HostRow[] {
  const names = plan.hosts.map((h) => h.name);
  const inherited = inheritedBy(resolved.segments);
  if (inherited) {
    return names.map((host, i) => ({
      host,
      key: `hosts[${i}].${inherited}`,
      ...origin(['hosts', i, inherited]),
    }));
  }
  if (resolved.segments[0] !== 'hosts' || resolved.hosts.length < 2) return [];
  return resolved.hosts.map((i) => {
    const segments = ['hosts', i, ...resolved.segments.slice(2)];
    return { host: names[i] ?? '', key: formatPath(segments), ...origin(segments) };
  });
}

/**
 * Changed files grouped by host: hosts whose files are the same (a host's own MAC in a PXE file
 * name read as <mac>, its name in bundles/<host>.tar.gz as <host>) share a line; files of no host (site files) last.
 */
function fileLines(files: readonly { path: string; host?: string }[], plan: ClusterPlan): string[] {
  const perHost = new Map<string, string[]>();
  const site: string[] = [];
  for (const { path, host } of files) {
    if (host === undefined) {
      site.push(path);
      continue;
    }
    const mac = plan.hosts.find((h) => h.name === host)?.mac?.replaceAll(':', '-');
    const own = path.startsWith(`hosts/${host}/`);
    let name = own ? path.slice(`hosts/${host}/`.length) : path;
    if (mac) name = name.replaceAll(mac, '<mac>');
    if (!own) name = name.replaceAll(`/${host}.`, '/<host>.');
    perHost.set(host, [...(perHost.get(host) ?? []), name]);
  }
  const groups = new Map<string, string[]>();
  for (const [host, list] of perHost) {
    const key = list.join(', ');
    groups.set(key, [...(groups.get(key) ?? []), host]);
  }
  const lines = [...groups].map(([list, hosts]) => `${hosts.join(', ')}: ${list}`);
  if (site.length > 0) lines.push(`site: ${site.join(', ')}`);
  return lines;
}

async function explain(
  term: Terminal,
  file: string,
  key: string,
): Promise<{ explanation: Explanation; plan: ClusterPlan } | { diagnostics: Diagnostic[] }> {
  const loaded = await loadInventory(file, { cwd: term.cwd });
  if (!loaded.inventory) return { diagnostics: loaded.diagnostics };
  const inventoryPath = resolve(term.cwd, file);
  const parsed = parseYaml(await readFile(inventoryPath, 'utf8'), file);
  const { sourceMap, value: document } = parsed;
  if (!sourceMap) return { diagnostics: parsed.diagnostics };
  const plan = planCluster(loaded.inventory);
  const resolved = resolveKey(
    key,
    plan.hosts.map((h) => h.name),
  );
  if ('code' in resolved) return { diagnostics: [resolved] };
  let userProfiles: UserProfiles | undefined;
  try {
    userProfiles = readUserProfiles(plan, inventoryPath);
  } catch (error) {
    if (!(error instanceof ProfileError)) throw error;
    return { diagnostics: [profileErrorDiagnostic(error)] };
  }
  const origin = (segments: PathSegments): ValueOrigin => valueOrigin(segments, document, sourceMap, plan);
  const wildcard = resolved.segments[0] === 'hosts' && resolved.hosts.length > 1;
  const main = wildcard
    ? { value: undefined, origin: { kind: 'unset' } as const }
    : origin(resolved.segments);
  const hosts = hostRows(resolved, origin, plan);
  const targets = wildcard
    ? hosts.map((h) => [
        'hosts',
        plan.hosts.findIndex((p) => p.name === h.host),
        ...resolved.segments.slice(2),
      ])
    : [resolved.segments];
  const base = wildcard ? hosts[0]?.value : main.value;
  let affects: Explanation['affects'];
  if (base === undefined && !resolved.schema.enum) {
    affects = { notComputed: 'the key is not set and has no default to vary; set it and ask again' };
  } else if (resolved.schema.type === 'object' && resolved.schema.properties) {
    affects = {
      notComputed: `explain one of its keys: ${Object.keys(resolved.schema.properties).join(', ')}`,
    };
  } else {
    const pki = await lookAlikePki(plan);
    const baseline = (
      await synth(plan, pki, { provenance: provenanceOf(file), ...(userProfiles ? { userProfiles } : {}) })
    ).files;
    const found = await affectedFiles({
      document,
      file,
      targets,
      value: base,
      schema: resolved.schema,
      pki,
      baseline,
      provenance: provenanceOf(file),
      ...(userProfiles ? { userProfiles } : {}),
    });
    affects = found
      ? {
          ...found,
          pkiHeldFixed: true,
          formats: [...new Set(found.files.map((f) => f.format))].sort(),
          hosts: plan.hosts.map((h) => h.name).filter((h) => found.files.some((f) => f.host === h)),
        }
      : { notComputed: 'no other value bootforge tried is valid for this inventory' };
  }
  return {
    plan,
    explanation: {
      key: wildcard ? `hosts[*].${formatPath(resolved.segments.slice(2))}` : formatPath(resolved.segments),
      description: resolved.schema.description ?? '',
      value: main.value,
      origin: main.origin,
      ...(resolved.viaCluster ? { viaCluster: resolved.viaCluster } : {}),
      hosts,
      affects,
    },
  };
}

function printText(term: Terminal, e: Explanation, asked: string, plan: ClusterPlan): void {
  const lines: string[] = [];
  const wildcard = e.key.startsWith('hosts[*]');
  lines.push(`${paint(term, 'bold', e.key)}${wildcard ? ' (per host)' : ` = ${show(e.value)}`}`);
  if (e.viaCluster)
    lines.push(
      `  note:     hosts have no own '${asked.split('.').pop() ?? ''}'; ${e.viaCluster} applies to every host`,
    );
  if (!wildcard) {
    lines.push(`  from:     ${describeOrigin(e.origin)}`);
    if (e.origin.kind === 'inventory' && JSON.stringify(e.origin.written) !== JSON.stringify(e.value))
      lines.push(`  written:  ${show(e.origin.written)} (bootforge expands it to ${show(e.value)})`);
  }
  if (e.description) lines.push(`  about:    ${e.description}`);
  if (e.hosts.length > 0) {
    lines.push('  per host:');
    const width = Math.max(...e.hosts.map((h) => h.host.length));
    for (const h of e.hosts)
      lines.push(`    ${h.host.padEnd(width)}  ${show(h.value)}  ${describeOrigin(h.origin)}`);
  }
  if ('notComputed' in e.affects) {
    lines.push(`  affects:  not computed: ${e.affects.notComputed}`);
  } else if (e.affects.files.length === 0) {
    lines.push(
      `  affects:  no rendered file (changed to ${show(e.affects.changedTo)} and rendered again, PKI held fixed)`,
    );
  } else {
    const a = e.affects;
    lines.push(
      `  affects:  ${a.files.length} file${a.files.length === 1 ? '' : 's'}, formats ${a.formats.join(', ')}; hosts ${a.hosts.join(', ') || '(none)'}`,
    );
    lines.push(`            (changed to ${show(a.changedTo)} and rendered again, PKI held fixed)`);
    for (const line of fileLines(a.files, plan)) lines.push(`            ${line}`);
  }
  term.out(`${lines.join('\n')}\n`);
}

export const explainCommand: Command = {
  name: 'explain',
  summary: "a key's value, where it came from and what it affects",
  usage,
  async run(args, term) {
    const { values, positionals: rest } = parseFlags(args, { json: { type: 'boolean' } });
    const [file = '', key = ''] = positionals(rest, ['INVENTORY', 'KEY']);
    const result = await explain(term, file, key);
    if ('diagnostics' in result) {
      if (values.json) term.out(`${JSON.stringify({ diagnostics: result.diagnostics }, null, 2)}\n`);
      else printDiagnostics(term, result.diagnostics, file);
      return EXIT_INVALID;
    }
    if (values.json) term.out(`${JSON.stringify(result.explanation, null, 2)}\n`);
    else printText(term, result.explanation, key, result.plan);
    return EXIT_OK;
  },
};
