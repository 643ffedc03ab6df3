// Placeholder replaced by the issue that builds 'schema'; must not survive into a commit.
import type { Command } from '../command.js';

export const schemaCommand: Command = {
  name: 'schema',
  summary: '(not built yet)',
  usage: 'Usage: bootforge schema\n',
  run: () => Promise.reject(new Error('schema is not built yet')),
};
