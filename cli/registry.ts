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
import { initCommand } from './commands/init.js';
import { renderCommand } from './commands/render.js';
import { diffCommand } from './commands/diff.js';
import { explainCommand } from './commands/explain.js';
import { completionCommand } from './commands/completion.js';

export const COMMANDS: readonly Command[] = [
  initCommand,
  validateCommand,
  planCommand,
  generateCommand,
  renderCommand,
  diffCommand,
  explainCommand,
  pkiCommand,
  serveCommand,
  statusCommand,
  reinstallCommand,
  schemaCommand,
  completionCommand(() => COMMANDS),
];
