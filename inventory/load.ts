/**
 * The inventory front door: YAML text -> typed Inventory, or every diagnostic. Stages:
 * YAML (syntax, duplicates) -> structure (JSON Schema) -> defaults -> semantic rules.
 * Semantic rules rely on the document's types, so they run when structure is valid, and also
 * when its only problems leave every type intact (an unknown key, an enum value outside its set,
 * a number out of range, an empty or repeated list item): then a typo elsewhere does not hide
 * a duplicate MAC. A missing key or a wrong type stops before the rules.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { hasErrors, type Diagnostic, type SourcePosition } from './diagnostic.js';
import type { InventoryCode } from './codes.js';
import { applyDefaults } from './defaults.js';
import type { Inventory } from './model.js';
import { parseYaml } from './parse-yaml.js';
import { parsePath } from './path.js';
import { Reporter } from './report.js';
import { inventorySchema } from './schema.js';
import { checkStructure } from './structure.js';
import { runRules } from './validate.js';

export interface LoadResult {
  /** Present only when there are no errors (warnings allowed); defaults applied, MACs normalised. */
  inventory?: Inventory;
  diagnostics: Diagnostic[];
  /**
   * Where a printed path (`hosts[2].mac`) is written in the source, for diagnostics that later
   * stages raise; for a path that is not written, its nearest written ancestor. Present whenever
   * the text was one YAML document.
   */
  locate?: (path: string) => SourcePosition;
}

/** Structural problems after which every value still has the type the model says. */
const TYPE_PRESERVING: ReadonlySet<string> = new Set<InventoryCode>([
  'UNKNOWN_KEY',
  'BAD_ENUM',
  'UNSUPPORTED_OS',
  'UNSUPPORTED_RUNTIME',
  'OUT_OF_RANGE',
  'EMPTY_LIST',
  'DUPLICATE_ITEM',
]);

/** Parse and validate inventory text. `file` names the source in positions. Pure. */
export function parseInventory(text: string, file: string): LoadResult {
  const parsed = parseYaml(text, file);
  const sourceMap = parsed.sourceMap;
  if (parsed.value === undefined || !sourceMap) return { diagnostics: parsed.diagnostics };
  const locate = (at: string) => sourceMap.positionOf(parsePath(at));
  const report = new Reporter(sourceMap);
  report.diagnostics.push(...parsed.diagnostics);
  const before = report.diagnostics.length;
  const structureOk = checkStructure(parsed.value, inventorySchema, report);
  if (!structureOk && !report.diagnostics.slice(before).every((d) => TYPE_PRESERVING.has(d.code))) {
    return { diagnostics: report.diagnostics, locate };
  }
  const inventory = applyDefaults(parsed.value);
  runRules(inventory, report);
  return hasErrors(report.diagnostics)
    ? { diagnostics: report.diagnostics, locate }
    : { inventory, diagnostics: report.diagnostics, locate };
}

export interface LoadOptions {
  /** Directory a relative `file` is read from (default: the process's); positions keep `file` as given. */
  cwd?: string;
}

/** Read `file` and parse it. A missing or unreadable file is a diagnostic, never an exception. */
export async function loadInventory(file: string, options: LoadOptions = {}): Promise<LoadResult> {
  let text: string;
  try {
    text = await readFile(options.cwd === undefined ? file : path.resolve(options.cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const missing = code === 'ENOENT' || code === 'ENOTDIR';
    return {
      diagnostics: [
        {
          code: missing ? 'FILE_NOT_FOUND' : 'FILE_UNREADABLE',
          severity: 'error',
          path: '',
          message: missing
            ? `inventory file '${file}' does not exist`
            : `cannot read inventory file '${file}': ${code ?? (error instanceof Error ? error.message : String(error))}`,
          hint: missing
            ? 'check the path; examples/classic.yaml is a complete inventory to start from'
            : 'check that it is a readable file, not a directory, and its permissions',
        },
      ],
    };
  }
  return parseInventory(text, file);
}
