/** Writes a test inventory: a fixture from test/e2e/fixtures with some keys changed for this run. */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dump, load } from 'js-yaml';
import { fixturesDir } from './paths.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Sets `value` at a dotted path (`cluster.install.method`), creating objects on the way. */
function setPath(document: JsonObject, path: string, value: Json): void {
  const keys = path.split('.');
  const last = keys.pop();
  if (last === undefined) throw new Error('empty path');
  let node = document;
  for (const key of keys) {
    const next = node[key];
    if (isObject(next)) {
      node = next;
    } else {
      const created: JsonObject = {};
      node[key] = created;
      node = created;
    }
  }
  node[last] = value;
}

export async function writeInventory(
  fixture: string,
  target: string,
  changes: Readonly<Record<string, Json>>,
): Promise<string> {
  const document = load(await readFile(join(fixturesDir, fixture), 'utf8')) as Json;
  if (!isObject(document)) throw new Error(`${fixture} is not a YAML mapping`);
  for (const [path, value] of Object.entries(changes)) setPath(document, path, value);
  // Every string quoted: MACs and versions must not turn into numbers when read back.
  await writeFile(target, dump(document, { forceQuotes: true }));
  return target;
}
