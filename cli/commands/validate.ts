/**
 * `bootforge validate INVENTORY [--json] [--strict]`: parse and check an inventory, print every
 * problem. Exit 0 when valid, 2 when not (errors, or warnings with --strict). Writes nothing.
 *
 * Besides the inventory's own rules it runs every check `generate` runs (what the OS family
 * cannot do: plan/os-support.ts; artifacts that need a
 * sha256 pin, user profiles and template overrides, and every generator's diagnostics, by
 * rendering everything with an in-memory PKI and keeping nothing: cli/output-check.ts), so
 * `validate --strict` and `generate --strict` accept and refuse the same inventories.
 */
import { resolve } from 'node:path';
import { parseFlags, positionals } from '../args.js';
import { EXIT_INVALID, EXIT_OK, type Command } from '../command.js';
import { paint, type Terminal } from '../terminal.js';
import { INVENTORY_CODES } from '../../inventory/codes.js';
import type { Diagnostic } from '../../inventory/diagnostic.js';
import { countDiagnostics, formatDiagnostic, sortDiagnostics, summarise } from '../../inventory/format.js';
import { loadInventory } from '../../inventory/load.js';
import { table } from '../../plan/format-plan.js';
import { planCluster } from '../../plan/plan-cluster.js';
import { outputDiagnostics, placed } from '../output-check.js';
import { OS_CODES } from '../../os/codes.js';
import { osSupportDiagnostics } from '../../plan/os-support.js';

const usage = `Usage: bootforge validate INVENTORY [--json] [--strict]
       bootforge validate --codes [--json]

Parse and check an inventory; report every problem with its code, path, position and a hint.

Options:
  --json     print one JSON document {valid, errors, warnings, diagnostics} on stdout
  --strict   treat warnings as errors
  --codes    list every diagnostic code and what it means
  -h, --help show this help

Exit codes: 0 valid, 2 invalid (or a missing file, or a bad flag).
`;

/** Print diagnostics to stderr, in file order, with colour when the terminal allows it. */
export function printDiagnostics(term: Terminal, diagnostics: readonly Diagnostic[], file: string): void {
  for (const d of sortDiagnostics(diagnostics)) {
    term.err(formatDiagnostic(d, file, (style, text) => paint(term, style, text)));
  }
}

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check an inventory and report every problem',
  usage,
  async run(args, term) {
    const { values, positionals: rest } = parseFlags(args, {
      json: { type: 'boolean' },
      strict: { type: 'boolean' },
      codes: { type: 'boolean' },
    });
    if (values.codes) {
      positionals(rest, []);
      term.out(
        values.json
          ? `${JSON.stringify({ ...INVENTORY_CODES, ...OS_CODES }, null, 2)}\n`
          : `${table(
              Object.entries({ ...INVENTORY_CODES, ...OS_CODES }).map(([code, meaning]) => [code, meaning]),
              '',
            )}\n`,
      );
      return EXIT_OK;
    }
    const [file = ''] = positionals(rest, ['INVENTORY']);
    const loaded = await loadInventory(file, { cwd: term.cwd });
    const { inventory } = loaded;
    const diagnostics = [
      ...loaded.diagnostics,
      ...(inventory ? placed(osSupportDiagnostics(planCluster(inventory)), loaded.locate) : []),
      ...(inventory ? await outputDiagnostics(planCluster(inventory), loaded, resolve(term.cwd, file)) : []),
    ];
    const counts = countDiagnostics(diagnostics);
    const valid = inventory !== undefined && counts.errors === 0 && !(values.strict && counts.warnings > 0);
    if (values.json) {
      term.out(
        `${JSON.stringify({ valid, errors: counts.errors, warnings: counts.warnings, diagnostics: sortDiagnostics(diagnostics) }, null, 2)}\n`,
      );
      return valid ? EXIT_OK : EXIT_INVALID;
    }
    printDiagnostics(term, diagnostics, file);
    if (valid) {
      const hosts = inventory?.hosts.length ?? 0;
      term.out(
        `${file}: ${paint(term, 'green', 'valid')} (${hosts} host${hosts === 1 ? '' : 's'}, ${summarise(counts)})\n`,
      );
      return EXIT_OK;
    }
    const strictNote = values.strict && counts.errors === 0 ? ' (--strict: warnings count as errors)' : '';
    term.err(`${file}: ${paint(term, 'red', 'invalid')}, ${summarise(counts)}${strictNote}\n`);
    return EXIT_INVALID;
  },
};
