/**
 * `bootforge schema`: print the inventory's JSON Schema, for editors (e.g. a
 * `# yaml-language-server: $schema=...` line) and other tools.
 */
import { parseFlags, positionals } from '../args.js';
import { EXIT_OK, type Command } from '../command.js';
import { inventorySchema } from '../../inventory/schema.js';

const usage = `Usage: bootforge schema

Print the inventory's JSON Schema (draft 2020-12) on stdout. Save it and point your editor at it,
e.g. with the YAML language server: \`# yaml-language-server: $schema=./inventory.schema.json\`.
`;

export const schemaCommand: Command = {
  name: 'schema',
  summary: "print the inventory's JSON Schema",
  usage,
  run(args, term) {
    const { positionals: rest } = parseFlags(args, {});
    positionals(rest, []);
    term.out(`${JSON.stringify(inventorySchema, null, 2)}\n`);
    return Promise.resolve(EXIT_OK);
  },
};
