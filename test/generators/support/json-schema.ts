/**
 * Validation against the upstream draft-04 JSON schemas in ../shared/schemas (cloud-init
 * cloud-config v1, Ignition 3.x) with ajv 6, which still speaks draft-04. Like upstream's Python
 * validator, keywords beside a `$ref` are ignored. Ignition's schemas do not forbid unknown keys,
 * so `unknownKeys` walks a document against the schema's `properties` the way Ignition warns.
 */
import { createRequire } from 'node:module';
import Ajv from 'ajv';
import { readShared } from './tools.js';

const require = createRequire(import.meta.url);

type Schema = Record<string, unknown>;

export function schemaValidator(file: string): (doc: unknown) => string[] {
  const ajv = new Ajv({
    schemaId: 'auto',
    allErrors: true,
    unknownFormats: 'ignore',
    extendRefs: 'ignore',
    jsonPointers: true,
    logger: false,
  });
  ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json') as object);
  const validate = ajv.compile(JSON.parse(readShared(`schemas/${file}`)) as object);
  return (doc) => {
    if (validate(doc) === true) return [];
    return (validate.errors ?? []).map(
      (e) => `${e.dataPath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
    );
  };
}

function resolve(root: Schema, node: Schema): Schema {
  const ref = node['$ref'];
  if (typeof ref !== 'string') return node;
  let target: unknown = root;
  for (const part of ref.replace(/^#\//, '').split('/')) target = (target as Schema)[part];
  return resolve(root, target as Schema);
}

/** Properties a schema node allows (following $ref and allOf). */
function allowed(root: Schema, node: Schema): { props: Record<string, Schema>; items?: Schema } {
  const n = resolve(root, node);
  const props: Record<string, Schema> = {
    ...((n['properties'] as Record<string, Schema> | undefined) ?? {}),
  };
  for (const part of (n['allOf'] as Schema[] | undefined) ?? [])
    Object.assign(props, allowed(root, part).props);
  const items = n['items'] as Schema | undefined;
  return items === undefined ? { props } : { props, items };
}

/** Every object key in `doc` that the schema does not declare, as JSON paths. */
export function unknownKeys(file: string, doc: unknown): string[] {
  const root = JSON.parse(readShared(`schemas/${file}`)) as Schema;
  const found: string[] = [];
  const walk = (value: unknown, node: Schema, path: string): void => {
    const { props, items } = allowed(root, node);
    if (Array.isArray(value)) {
      if (items !== undefined) value.forEach((v, i) => walk(v, items, `${path}[${i}]`));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, v] of Object.entries(value)) {
        const child = props[key];
        if (child === undefined) found.push(`${path}.${key}`);
        else walk(v, child, `${path}.${key}`);
      }
    }
  };
  walk(doc, root, '$');
  return found;
}
