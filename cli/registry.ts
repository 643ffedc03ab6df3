/**
 * Every CLI command, registered in one place. Order is the order of `bootforge --help`.
 */
import type { Command } from './command.js';
import { validateCommand } from './commands/validate.js';
import { planCommand } from './commands/plan.js';
import { schemaCommand } from './commands/schema.js';
import { pkiCommand } from './commands/pki.js';
import { generateCommand } from './commands/generate.js';
import { serveCommand } from './commands/serve.js';
import { statusCommand } from './commands/status.js';
import { reinstallCommand } from './commands/reinstall.js';

export const COMMANDS: readonly Command[] = [
  validateCommand,
  planCommand,
  generateCommand,
  pkiCommand,
  serveCommand,
  statusCommand,
  reinstallCommand,
  schemaCommand,
];
