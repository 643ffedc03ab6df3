/**
 * CLI entry: dispatches to a registered command and turns errors into exit codes in one place.
 * Exit 0 ok, 1 failure, 2 invalid input (inventory, flag, missing file).
 */
import { EXIT_FAILURE, EXIT_INVALID, EXIT_OK, UsageError } from './command.js';
import { COMMANDS } from './registry.js';
import { paint, processTerminal, type Terminal } from './terminal.js';
import { packageVersion } from './version.js';

function topUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'Usage: bootforge <command> [options]',
    '',
    'Render everything a Kubernetes host needs to install itself on first boot.',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    '  -h, --help     show help (also `bootforge <command> --help`)',
    '  -V, --version  print the version',
    '',
    'Exit codes: 0 ok, 1 failure, 2 invalid input.',
    '',
  ].join('\n');
}

export async function main(argv: string[], term: Terminal = processTerminal()): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    const named = first === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    // Asked for help: stdout, exit 0. No command at all is a usage error: stderr, exit 2.
    if (first === undefined) {
      term.err(topUsage());
      return EXIT_INVALID;
    }
    term.out(named ? named.usage : topUsage());
    return EXIT_OK;
  }
  if (first === '-V' || first === '--version') {
    term.out(`${packageVersion()}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) {
    term.err(`${paint(term, 'red', 'error')}: unknown command '${first}'\n\n${topUsage()}`);
    return EXIT_INVALID;
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    term.out(command.usage);
    return EXIT_OK;
  }
  try {
    return await command.run(rest, term);
  } catch (error) {
    if (error instanceof UsageError) {
      term.err(`${paint(term, 'red', 'error')}: ${error.message}\n\n${command.usage}`);
      return EXIT_INVALID;
    }
    const message = error instanceof Error ? error.message : String(error);
    term.err(`${paint(term, 'red', 'error')}: ${message}\n`);
    if (term.env['BOOTFORGE_DEBUG'] && error instanceof Error && error.stack) term.err(`${error.stack}\n`);
    return EXIT_FAILURE;
  }
}
