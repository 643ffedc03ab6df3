/**
 * `bootforge diff INVENTORY OUT [--pki DIR] [--patch] [--json]`: what `generate` would change in
 * OUT, per host and file (added, removed, changed), rendered in memory with the existing PKI; a
 * rotation in the PKI shows as the files it makes stale. Exit 0 nothing, 1 changes, 2 bad input.
 */
import { provenanceOf } from '../provenance.js';
import { resolve } from 'node:path';
import { parseFlags, positionals } from '../args.js';
import { EXIT_INVALID, EXIT_OK, type Command } from '../command.js';
import { loadForRender } from '../load-for-render.js';
import { outChanges, readOutTree, type OutChange } from '../out-changes.js';
import type { Terminal } from '../terminal.js';
import { unifiedDiff } from '../unified-diff.js';
import { synth } from '../../synth/synth.js';

const EXIT_CHANGES = 1;

const usage = `Usage: bootforge diff INVENTORY OUT [--pki DIR] [--patch] [--json]

Show what \`bootforge generate INVENTORY -o OUT\` would change in OUT, per host and file:
+ added, - removed, ~ changed (bytes or mode). OUT is read as it is on disk, so files made
stale by a PKI rotation (\`bootforge pki --rotate\`) and hand edits show as changed. Renders in
memory with the existing PKI; writes nothing and never issues keys or certificates.

Options:
  --pki DIR    PKI state directory (default: <inventory dir>/<cluster name>-pki)
  --patch      a unified diff under each changed text file
  --json       one JSON document {changes: [{path, host, change, modeBefore, modeAfter}], added, removed, changed}
  -h, --help   show this help

Exit codes: 0 nothing would change, 1 something would, 2 invalid input or no complete PKI.
`;

function isText(bytes: Uint8Array | undefined): boolean {
  if (bytes === undefined) return true;
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const text = (bytes: Uint8Array | undefined): string =>
  bytes === undefined ? '' : Buffer.from(bytes).toString('utf8');

const SIGN: Record<OutChange['change'], string> = { added: '+', removed: '-', changed: '~' };

function printText(term: Terminal, changes: readonly OutChange[], patch: boolean): void {
  const groups = new Map<string, OutChange[]>();
  for (const c of changes) {
    const key = c.host ?? '';
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const names = [...groups.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : 1));
  for (const name of names) {
    term.out(`${name === '' ? 'cluster-wide' : name}:\n`);
    for (const c of groups.get(name) ?? []) {
      const mode =
        c.change === 'changed' && c.modeBefore !== undefined && c.modeAfter !== undefined
          ? ` (mode ${c.modeBefore.toString(8)} -> ${c.modeAfter.toString(8)})`
          : '';
      term.out(`  ${SIGN[c.change]} ${c.path}${mode}\n`);
      if (!patch) continue;
      if (isText(c.before) && isText(c.after)) term.out(unifiedDiff(text(c.before), text(c.after), c.path));
      else term.out(`Binary files a/${c.path} and b/${c.path} differ\n`);
    }
  }
}

export const diffCommand: Command = {
  name: 'diff',
  summary: 'show what generate would change in OUT, per host and file',
  usage,
  async run(args, term) {
    const { values, positionals: rest } = parseFlags(args, {
      pki: { type: 'string' },
      patch: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const [file = '', out = ''] = positionals(rest, ['INVENTORY', 'OUT']);
    const input = await loadForRender(term, file, values.pki);
    if (input === undefined) return EXIT_INVALID;
    const { plan, pki, userProfiles } = input;
    const { files } = await synth(plan, pki, {
      provenance: provenanceOf(file),
      ...(userProfiles ? { userProfiles } : {}),
    });
    const changes = outChanges(files, await readOutTree(resolve(term.cwd, out)));
    const count = (kind: OutChange['change']): number => changes.filter((c) => c.change === kind).length;
    if (values.json) {
      const doc = {
        changes: changes.map((c) => ({
          path: c.path,
          ...(c.host === undefined ? {} : { host: c.host }),
          change: c.change,
          ...(c.modeBefore === undefined ? {} : { modeBefore: c.modeBefore }),
          ...(c.modeAfter === undefined ? {} : { modeAfter: c.modeAfter }),
        })),
        added: count('added'),
        removed: count('removed'),
        changed: count('changed'),
      };
      term.out(`${JSON.stringify(doc, null, 2)}\n`);
    } else {
      printText(term, changes, values.patch === true);
      term.err(
        changes.length === 0
          ? `${out}: up to date; generate would change nothing\n`
          : `${out}: generate would add ${count('added')}, remove ${count('removed')} and change ${count('changed')} file(s)\n`,
      );
    }
    return changes.length === 0 ? EXIT_OK : EXIT_CHANGES;
  },
};
