/**
 * What shell completion offers, from the commands themselves: each command's name and the long
 * options its `--help` text lists, so completion never disagrees with `--help`.
 */
import type { Command } from './command.js';

export interface CompletionCommand {
  name: string;
  summary: string;
  options: string[];
}

export function completionWords(commands: readonly Command[]): CompletionCommand[] {
  return commands.map((c) => ({
    name: c.name,
    summary: c.summary,
    options: [...new Set(c.usage.match(/--[a-z][a-z0-9-]*/g) ?? [])].sort(),
  }));
}
