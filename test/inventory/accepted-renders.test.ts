/**
 * What validation accepts, every generator renders: hostile text (whitespace, line breaks, quotes,
 * `;`, `$`, `${...}`, `#`, backslashes, `..`, non-ASCII, control characters, ...) in every free-text
 * field of both examples is either refused by validation with an error at that field's path and a
 * position (exit 2, before any PKI exists), or the whole pipeline (profiles, every generator, the
 * site files) renders it without throwing. A throw there is a late refusal: exit 1 after the PKI
 * was issued.
 *
 * To keep it fast, every accepted (field, text) pair is rendered once: round k sets field i to
 * text (i + k) mod n wherever that pair was accepted, so each round exercises many fields at once.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dump, load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { hasErrors } from '../../inventory/diagnostic.js';
import { parseInventory } from '../../inventory/load.js';
import { planCluster } from '../../plan/plan-cluster.js';
import { preflightHostConfigs, placeholderPki } from '../../profiles/preflight.js';
import { DiscardSink } from '../../emit/sink.js';
import { synth } from '../../synth/synth.js';

const repo = path.resolve(import.meta.dirname, '../..');

const HOSTILE = [
  ' x',
  '\nx',
  '\tx',
  '"x',
  "'x",
  ';x',
  '$x',
  '${net0/ip}',
  '#x',
  '\\x',
  '`x`',
  '|x&y',
  '<x>',
  '%',
  '%41~+x',
  '/../x',
  'é',
  '\u0000',
  '\u2028',
  ',x',
  '?x=1',
  '@x',
];

type Doc = Record<string, unknown>;
type Segment = string | number;

interface Field {
  /** Where the value lives in the document. */
  at: Segment[];
  /** The printed path a refusal must name (or lie under). */
  path: string;
  value: (hostile: string) => unknown;
}

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILfe2CYNLNY/fsKUPymOhid64Ez+hFpBW3wxOfA+9ejq';
const HASH =
  '$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/';

const text = (at: Segment[], base: string): Field => ({
  at,
  path: at.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join(''),
  value: (h) => `${base}${h}`,
});

const FIELDS: Field[] = [
  text(['cluster', 'name'], 'knodes'),
  text(['cluster', 'kubernetes', 'dnsDomain'], 'cluster.local'),
  text(['cluster', 'kubernetes', 'apiServerSANs', 0], 'k8s.example.com'),
  text(['cluster', 'kubernetes', 'apiServerEndpoint'], 'lb.example.com'),
  text(['cluster', 'network', 'interface'], 'eth0'),
  text(['cluster', 'network', 'ntpServers', 0], 'pool.ntp.org'),
  text(['cluster', 'network', 'searchDomains', 0], 'example.com'),
  text(['cluster', 'bootServer'], 'http://10.0.0.2:8080/boot'),
  text(['cluster', 'ssh', 'authorizedKeys', 0], `${KEY} admin`),
  text(['cluster', 'versions', 'flannelCni'], '1.2.0'),
  text(['cluster', 'versions', 'coredns'], '1.8.6'),
  text(['cluster', 'artifacts', 'mirror'], 'http://10.0.0.2:8080/mirror'),
  text(['cluster', 'artifacts', 'sha256', 'etcd'], 'a'.repeat(64)),
  text(['cluster', 'install', 'repo'], 'http://10.0.0.2:8080/el/BaseOS/x86_64/os'),
  text(['cluster', 'install', 'appstream'], 'http://10.0.0.2:8080/el/AppStream'),
  text(['cluster', 'install', 'kernel'], 'http://10.0.0.2:8080/vmlinuz'),
  text(['cluster', 'install', 'initrd'], 'http://10.0.0.2:8080/initrd.img'),
  text(['cluster', 'install', 'coreos', 'kernel'], 'http://10.0.0.2:8080/coreos/kernel'),
  text(['cluster', 'install', 'live', 'rootfs'], 'http://10.0.0.2:8080/live/squashfs.img'),
  text(['cluster', 'install', 'disk'], '/dev/sda'),
  text(['cluster', 'install', 'timezone'], 'Europe/Berlin'),
  text(['cluster', 'install', 'tftpRoot'], '/var/lib/tftpboot'),
  text(['cluster', 'install', 'dhcpInterface'], 'eth1'),
  text(['cluster', 'install', 'rootPasswordHash'], HASH),
  text(['cluster', 'labels', 'site'], 'rack1'),
  { at: ['cluster', 'labels'], path: 'cluster.labels', value: (h) => ({ [`example.com/a${h}`]: 'x' }) },
  text(['hosts', 0, 'name'], 'knode1'),
  text(['hosts', 0, 'ip'], '10.0.0.11'),
  text(['hosts', 0, 'mac'], '52:54:00:00:00:11'),
  text(['hosts', 1, 'interface'], 'ens3'),
  text(['hosts', 1, 'disk'], '/dev/vdb'),
  text(['hosts', 1, 'labels', 'zone'], 'a'),
];

function set(doc: Doc, at: Segment[], value: unknown): void {
  let node: Record<string | number, unknown> = doc;
  at.slice(0, -1).forEach((segment, i) => {
    const next = at[i + 1];
    node[segment] ??= typeof next === 'number' ? [] : {};
    node = node[segment] as Record<string | number, unknown>;
  });
  node[at[at.length - 1] as Segment] = value;
}

function withValues(base: Doc, values: [Field, string][]): string {
  const doc = structuredClone(base);
  for (const [field, hostile] of values) set(doc, field.at, field.value(hostile));
  return dump(doc, { lineWidth: -1 });
}

/** Profiles and every generator over the inventory `yaml`; throws what a late refusal would. */
async function render(yaml: string): Promise<void> {
  const { inventory, diagnostics } = parseInventory(yaml, 'hostile.yaml');
  if (!inventory) throw new Error(`refused: ${JSON.stringify(diagnostics)}`);
  const plan = planCluster(inventory);
  preflightHostConfigs(plan);
  await synth(plan, placeholderPki(plan), { sink: new DiscardSink() });
}

const under = (path: string, field: string): boolean =>
  path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`);

describe.each(['classic', 'ha'])('hostile values in examples/%s.yaml', (example) => {
  const base = load(readFileSync(path.join(repo, 'examples', `${example}.yaml`), 'utf8')) as Doc;
  const accepted = new Map<Field, Set<string>>();

  it('are refused at the field they are in, or accepted', () => {
    for (const field of FIELDS) {
      const ok = new Set<string>();
      for (const hostile of HOSTILE) {
        const { diagnostics } = parseInventory(withValues(base, [[field, hostile]]), 'hostile.yaml');
        if (!hasErrors(diagnostics)) {
          ok.add(hostile);
          continue;
        }
        const errors = diagnostics.filter((d) => d.severity === 'error');
        const label = `${field.path} = ${JSON.stringify(field.value(hostile))}`;
        expect(
          errors.filter((d) => !under(d.path, field.path)),
          label,
        ).toEqual([]);
        for (const d of errors) expect(d.position?.line, label).toBeGreaterThan(0);
      }
      accepted.set(field, ok);
    }
    // The rules are not so strict that nothing hostile gets through: e.g. an SSH key comment.
    expect(
      accepted.get(FIELDS.find((f) => f.path === 'cluster.ssh.authorizedKeys[0]')!)?.size,
    ).toBeGreaterThan(10);
  });

  it('render through every generator when accepted', { timeout: 120_000 }, async () => {
    for (const round of HOSTILE.keys()) {
      const values = FIELDS.flatMap((field, i): [Field, string][] => {
        const hostile = HOSTILE[(i + round) % HOSTILE.length]!;
        return accepted.get(field)?.has(hostile) ? [[field, hostile]] : [];
      });
      const yaml = withValues(base, values);
      const together = parseInventory(yaml, 'hostile.yaml');
      // Accepted one by one but not together (e.g. two values that now collide): one by one, then.
      const runs = hasErrors(together.diagnostics) ? values.map((v) => withValues(base, [v])) : [yaml];
      for (const run of runs) {
        const label = values.map(([f, h]) => `${f.path}=${JSON.stringify(h)}`).join(' ');
        await expect(render(run), label).resolves.toBeUndefined();
      }
    }
  });
});
