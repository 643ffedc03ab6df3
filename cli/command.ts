/**
 * The CLI's command shape. Each command lives in cli/commands/<name>.ts and is registered once in
 * cli/registry.ts. Commands return an exit code; they never call process.exit.
 */
import type { Terminal } from './terminal.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_INVALID = 2;

export interface Command {
  name: string;
  /** One line for `bootforge --help`. */
  summary: string;
  /** Full `bootforge <name> --help` text. */
  usage: string;
  run(args: string[], term: Terminal): Promise<number>;
}

/** Wrong flags or arguments: the CLI prints the message and the command's usage, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
