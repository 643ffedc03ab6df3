/**
 * The inventory front door: YAML text -> typed Inventory, or every diagnostic. Stages:
 * YAML (syntax, duplicates) -> structure (JSON Schema) -> defaults -> semantic rules.
 * Semantic rules rely on the document's types, so they run when structure is valid, and also
 * when its only problems leave every type intact (an unknown key, an enum value outside its set,
 * a number out of range, an empty or repeated list item): then a typo elsewhere does not hide
 * a duplicate MAC. After a missing key or a wrong type the rules run over a repaired copy
 * (inventory/repair.ts), so a misspelt `runtim:` does not hide a duplicate IP either.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { formatPath, hasErrors, type Diagnostic, type SourcePosition } from './diagnostic.js';
import type { InventoryCode } from './codes.js';
import { applyDefaults } from './defaults.js';
import type { Inventory } from './model.js';
import { parseYaml } from './parse-yaml.js';
import { parsePath } from './path.js';
import { repairDocument, startsWith, type Problem } from './repair.js';
import { Reporter } from './report.js';
import { inventorySchema } from './schema.js';
import type { SourceMap } from './source-map.js';
import { checkStructure } from './structure.js';
import { bytePosition, invalidUtf8Offsets, isUtf16 } from './utf8.js';
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
    report.diagnostics.push(...rulesOverRepair(parsed.value, sourceMap));
    return { diagnostics: report.diagnostics, locate };
  }
  const inventory = applyDefaults(parsed.value);
  runRules(inventory, report);
  return hasErrors(report.diagnostics)
    ? { diagnostics: report.diagnostics, locate }
    : { inventory, diagnostics: report.diagnostics, locate };
}

/** Rule findings that count hosts: not reported when a host had to be left out. */
const COUNTS_HOSTS: ReadonlySet<string> = new Set<InventoryCode>([
  'NO_ETCD',
  'NO_MASTER',
  'NO_NODE',
  'EVEN_ETCD_MEMBERS',
  'MULTIPLE_MASTERS_NO_ENDPOINT',
  'POD_CIDR_TOO_SMALL',
]);

/**
 * The rules' findings over a repaired copy of a document whose structure they cannot read as it
 * is (inventory/repair.ts), placed on the document, leaving out whatever is about a value
 * bootforge supplied. Empty when the document cannot be repaired.
 */
function rulesOverRepair(document: unknown, sourceMap: SourceMap): Diagnostic[] {
  const check = (copy: unknown): Problem[] => {
    const found = new Reporter();
    checkStructure(copy, inventorySchema, found);
    return found.diagnostics.map((d) => ({ code: d.code, at: found.segmentsOf(d) ?? [] }));
  };
  const repair = repairDocument(document, inventorySchema, check, TYPE_PRESERVING);
  if (!repair) return [];
  const rules = new Reporter({
    positionOf: (at) => sourceMap.positionOf(repair.sourcePath(at)),
    keyPositionOf: (at) => sourceMap.keyPositionOf(repair.sourcePath(at)),
  });
  runRules(applyDefaults(repair.document), rules);
  const out: Diagnostic[] = [];
  for (const d of rules.diagnostics) {
    const at = repair.documentPath(rules.segmentsOf(d) ?? []);
    if (repair.supplied.some((s) => startsWith(at, s))) continue;
    if (repair.droppedHosts.length > 0 && COUNTS_HOSTS.has(d.code)) continue;
    out.push({ ...d, path: formatPath(at) });
  }
  return out;
}

export interface LoadOptions {
  /** Directory a relative `file` is read from (default: the process's); positions keep `file` as given. */
  cwd?: string;
}

/** Read `file` and parse it. A missing or unreadable file is a diagnostic, never an exception. */
export async function loadInventory(file: string, options: LoadOptions = {}): Promise<LoadResult> {
  let bytes: Buffer;
  try {
    bytes = await readFile(options.cwd === undefined ? file : path.resolve(options.cwd, file));
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
  const encoding = encodingDiagnostics(bytes, file);
  if (isUtf16(bytes)) return { diagnostics: encoding };
  const result = parseInventory(bytes.toString('utf8'), file);
  if (encoding.length === 0) return result;
  // Everything else is still reported (on the text with the bad bytes replaced), but the
  // inventory is refused: a value nobody wrote must not reach the output.
  // A problem on a line with undecodable bytes is that line's encoding: it is not repeated.
  const lines = new Set(encoding.map((d) => d.position?.line));
  const rest = result.diagnostics.filter((d) => !lines.has(d.position?.line));
  const { locate } = result;
  return { diagnostics: [...encoding, ...rest], ...(locate ? { locate } : {}) };
}

/** One INVALID_UTF8 per line holding bytes that are no UTF-8 character. */
function encodingDiagnostics(bytes: Buffer, file: string): Diagnostic[] {
  if (isUtf16(bytes)) {
    return [
      {
        code: 'INVALID_UTF8',
        severity: 'error',
        path: '',
        message: 'the file is UTF-16 text (it starts with a UTF-16 byte order mark); inventories are UTF-8',
        hint: 'save it as UTF-8, e.g. `iconv -f UTF-16 -t UTF-8 FILE > FILE.new`',
        position: { file, line: 1, column: 1 },
      },
    ];
  }
  return invalidUtf8Offsets(bytes).map((offset) => ({
    code: 'INVALID_UTF8',
    severity: 'error',
    path: '',
    message: `byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')} at offset ${offset} is not UTF-8 text`,
    hint: 'save the file as UTF-8 (a Latin-1 or Windows-1252 editor writes é as one byte), e.g. `iconv -f LATIN1 -t UTF-8 FILE > FILE.new`',
    position: { file, ...bytePosition(bytes, offset) },
  }));
}
