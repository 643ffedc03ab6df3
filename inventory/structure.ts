/**
 * Structural validation: walks a parsed document against the inventory JSON Schema and reports
 * every unknown key, wrong type, missing key, bad enum value and out-of-range number. Supports the
 * subset of JSON Schema that inventory/schema.ts uses.
 */
import type { PathSegments } from './diagnostic.js';
import { didYouMean } from './did-you-mean.js';
import { foreignKeyHint } from './foreign-keys.js';
import type { JsonSchema, JsonType } from './schema.js';
import type { Reporter } from './report.js';

type ValueType = JsonType | 'null';

function typeOf(value: unknown): ValueType {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  return 'object';
}

const ARTICLE: Record<ValueType, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  null: 'nothing (null)',
};

function matchesType(actual: ValueType, expected: JsonType): boolean {
  return actual === expected || (expected === 'number' && actual === 'integer');
}

function typeHint(expected: JsonType, actual: ValueType, value: unknown): string {
  if (actual === 'null') return 'give the key a value, or remove the line';
  if (expected === 'string' && (actual === 'number' || actual === 'integer' || actual === 'boolean')) {
    return `put the value in quotes so YAML reads it as text, e.g. "${String(value)}"${
      actual === 'number' ? ' (unquoted, YAML drops trailing zeros: 1.20 becomes 1.2)' : ''
    }`;
  }
  if (expected === 'array') return 'write a list: `key: [a, b]` or one `- item` per line';
  if (expected === 'object') return 'write a mapping of `key: value` lines, indented under the key';
  return `write ${ARTICLE[expected]}`;
}

/** What to add for a missing key: the one value it can have, when it has one. */
function missingKeyHint(key: string, schema: JsonSchema | undefined, path: PathSegments): string {
  const description = schema?.description ?? 'see `bootforge schema`';
  if (schema?.const === undefined) return `add '${key}:' (${description})`;
  const where = path.length === 0 ? ' as the first line' : '';
  return `add '${key}: ${describe(schema.const)}'${where} (${description.replace(/\.$/, '')}; ${describe(schema.const)} is the only one)`;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Where each property name lives in the schema (lower-cased name -> printed parent paths). */
type KeyIndex = ReadonlyMap<string, readonly string[]>;

function indexKeys(schema: JsonSchema): KeyIndex {
  const index = new Map<string, string[]>();
  const visit = (node: JsonSchema, where: string) => {
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const list = index.get(key.toLowerCase()) ?? [];
      list.push(where === '' ? 'the top level' : where);
      index.set(key.toLowerCase(), list);
      visit(child, where === '' ? key : `${where}.${key}`);
    }
    if (node.items) visit(node.items, `${where}[]`);
  };
  visit(schema, '');
  return index;
}

interface Walk {
  report: Reporter;
  keys: KeyIndex;
}

/** Walk `value` against `schema`, reporting into `report`. Returns true when nothing was wrong. */
export function checkStructure(value: unknown, schema: JsonSchema, report: Reporter): boolean {
  const before = report.diagnostics.length;
  walk(value, schema, [], { report, keys: indexKeys(schema) });
  return report.diagnostics.length === before;
}

function walk(value: unknown, schema: JsonSchema, path: PathSegments, ctx: Walk): void {
  const { report } = ctx;
  const actual = typeOf(value);
  if (schema.type && !matchesType(actual, schema.type)) {
    report.error(
      path,
      'WRONG_TYPE',
      `expected ${ARTICLE[schema.type]}, found ${ARTICLE[actual]}${actual === 'null' ? '' : ` (${describe(value)})`}`,
      typeHint(schema.type, actual, value),
    );
    return;
  }
  if (schema.const !== undefined && value !== schema.const) {
    report.error(
      path,
      'BAD_VALUE',
      `must be ${describe(schema.const)}, found ${describe(value)}`,
      `write ${describe(schema.const)}`,
    );
    return;
  }
  if (schema.enum && typeof value === 'string' && !schema.enum.includes(value)) {
    const suggestion = didYouMean(value, schema.enum);
    report.error(
      path,
      schema['x-bootforge-code'] ?? 'BAD_ENUM',
      `'${value}' is not one of: ${schema.enum.join(', ')}`,
      suggestion ? `did you mean '${suggestion}'?` : `use one of: ${schema.enum.join(', ')}`,
    );
    return;
  }
  if (typeof value === 'number') checkRange(value, schema, path, report);
  if (Array.isArray(value)) walkArray(value, schema, path, ctx);
  else if (actual === 'object') walkObject(value as Record<string, unknown>, schema, path, ctx);
}

function checkRange(value: number, schema: JsonSchema, path: PathSegments, report: Reporter): void {
  const { minimum, maximum } = schema;
  if ((minimum !== undefined && value < minimum) || (maximum !== undefined && value > maximum)) {
    const range = `${minimum ?? '-inf'} to ${maximum ?? 'inf'}`;
    report.error(path, 'OUT_OF_RANGE', `${value} is outside ${range}`, `use a value from ${range}`);
  }
}

function walkArray(items: unknown[], schema: JsonSchema, path: PathSegments, ctx: Walk): void {
  const { report } = ctx;
  if (schema.minItems !== undefined && items.length < schema.minItems) {
    report.error(
      path,
      'EMPTY_LIST',
      `needs at least ${schema.minItems} item(s), found ${items.length}`,
      'add an item',
    );
  }
  if (schema.uniqueItems) {
    const seen = new Map<string, number>();
    items.forEach((item, index) => {
      const key = JSON.stringify(item);
      const first = seen.get(key);
      if (first === undefined) seen.set(key, index);
      else {
        report.error(
          [...path, index],
          'DUPLICATE_ITEM',
          `${describe(item)} repeats item ${first}`,
          'remove the repeated item',
        );
      }
    });
  }
  if (schema.items) {
    const itemSchema = schema.items;
    items.forEach((item, index) => walk(item, itemSchema, [...path, index], ctx));
  }
}

function walkObject(
  object: Record<string, unknown>,
  schema: JsonSchema,
  path: PathSegments,
  ctx: Walk,
): void {
  const { report } = ctx;
  const properties = schema.properties ?? {};
  const known = Object.keys(properties);
  for (const key of schema.required ?? []) {
    if (!(key in object)) {
      const where = path.length === 0 ? 'the document' : 'this mapping';
      report.error(
        [...path, key],
        'MISSING_KEY',
        `required key '${key}' is missing from ${where}`,
        missingKeyHint(key, properties[key], path),
      );
    }
  }
  for (const [key, child] of Object.entries(object)) {
    const childSchema = properties[key];
    if (childSchema) {
      walk(child, childSchema, [...path, key], ctx);
    } else if (typeof schema.additionalProperties === 'object') {
      walk(child, schema.additionalProperties, [...path, key], ctx);
    } else if (schema.additionalProperties === false) {
      const suggestion = didYouMean(key, known);
      const elsewhere = ctx.keys.get(key.toLowerCase());
      const hint =
        foreignKeyHint([...path, key]) ??
        (suggestion
          ? `did you mean '${suggestion}'?`
          : elsewhere
            ? `'${key}' belongs under ${elsewhere.join(' or ')}; move it there`
            : `allowed keys here: ${known.join(', ')}`);
      report.keyError([...path, key], 'UNKNOWN_KEY', `unknown key '${key}'`, hint);
    }
  }
}
