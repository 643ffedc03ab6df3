/**
 * `bootforge completion bash|zsh|fish`: a completion script for the shell, on stdout. Commands and
 * options come from the registry and each command's --help (cli/completion-words.ts); files are
 * completed for positional arguments, and the inventory's keys (from its schema) for the KEY of
 * `bootforge explain INVENTORY KEY`.
 */
import { parseFlags, positionals } from '../args.js';
import { EXIT_OK, UsageError, type Command } from '../command.js';
import { completionWords, type CompletionCommand } from '../completion-words.js';
import { schemaKeys } from '../../inventory/key-path.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;
type Shell = (typeof SHELLS)[number];

const usage = `Usage: bootforge completion bash|zsh|fish

Print a shell completion script for bootforge's commands and options on stdout:

  bash:  source <(bootforge completion bash)          (or save it in /etc/bash_completion.d/)
  zsh:   bootforge completion zsh > "\${fpath[1]}/_bootforge"
  fish:  bootforge completion fish > ~/.config/fish/completions/bootforge.fish

Options:
  -h, --help   show this help

Exit codes: 0 ok, 2 unknown shell.
`;

function bash(commands: readonly CompletionCommand[]): string {
  const cases = commands
    .map(
      (c) =>
        `    ${c.name}) opts="${[...c.options, '--help'].filter((o, i, a) => a.indexOf(o) === i).join(' ')}" ;;`,
    )
    .join('\n');
  return `# bash completion for bootforge (bootforge completion bash)
_bootforge() {
  local cur cmd opts
  cur="\${COMP_WORDS[COMP_CWORD]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${commands.map((c) => c.name).join(' ')} --help --version" -- "$cur"))
    return 0
  fi
  cmd="\${COMP_WORDS[1]}"
  case "$cmd" in
${cases}
    *) opts="" ;;
  esac
  if [ "$cmd" = explain ] && [ "$COMP_CWORD" -eq 3 ] && [ "\${cur#-}" = "$cur" ]; then
    COMPREPLY=($(compgen -W "${schemaKeys().join(' ')}" -- "$cur"))
    return 0
  fi
  case "$cur" in
    -*) COMPREPLY=($(compgen -W "$opts" -- "$cur")) ;;
    *) COMPREPLY=($(compgen -f -- "$cur")) ;;
  esac
  return 0
}
complete -o filenames -F _bootforge bootforge
`;
}

const zshQuote = (text: string): string => text.replaceAll("'", "'\\''").replaceAll(':', '\\:');

function zsh(commands: readonly CompletionCommand[]): string {
  const list = commands.map((c) => `    '${c.name}:${zshQuote(c.summary)}'`).join('\n');
  const cases = commands
    .map(
      (c) =>
        `    ${c.name}) _arguments ${[...c.options, '--help']
          .filter((o, i, a) => a.indexOf(o) === i)
          .map((o) => `'${o}'`)
          .join(
            ' ',
          )} ${c.name === 'explain' ? `'1:inventory:_files' '2:key:(${schemaKeys().join(' ')})'` : "'*:file:_files'"} ;;`,
    )
    .join('\n');
  return `#compdef bootforge
# zsh completion for bootforge (bootforge completion zsh)
_bootforge() {
  local -a commands
  commands=(
${list}
  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  case "\${words[2]}" in
${cases}
    *) _files ;;
  esac
}
compdef _bootforge bootforge
`;
}

const fishQuote = (text: string): string => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

function fish(commands: readonly CompletionCommand[]): string {
  const names = commands.map((c) => c.name).join(' ');
  const lines = [
    '# fish completion for bootforge (bootforge completion fish)',
    'complete -c bootforge -f',
    ...commands.map(
      (c) =>
        `complete -c bootforge -n "not __fish_seen_subcommand_from ${names}" -a ${c.name} -d ${fishQuote(c.summary)}`,
    ),
    ...commands.flatMap((c) => [
      `complete -c bootforge -n "__fish_seen_subcommand_from ${c.name}" -F`,
      ...(c.name === 'explain'
        ? [
            `complete -c bootforge -n "__fish_seen_subcommand_from explain" -a ${fishQuote(schemaKeys().join(' '))}`,
          ]
        : []),
      ...c.options.map(
        (o) => `complete -c bootforge -n "__fish_seen_subcommand_from ${c.name}" -l ${o.slice(2)}`,
      ),
    ]),
  ];
  return `${lines.join('\n')}\n`;
}

const RENDER: Record<Shell, (commands: readonly CompletionCommand[]) => string> = { bash, zsh, fish };

/** Built lazily: the registry imports this command. */
export function completionCommand(commands: () => readonly Command[]): Command {
  return {
    name: 'completion',
    summary: 'print a shell completion script (bash, zsh, fish)',
    usage,
    run(args, term) {
      const { positionals: rest } = parseFlags(args, {});
      const [shell = ''] = positionals(rest, ['SHELL']);
      if (!(SHELLS as readonly string[]).includes(shell))
        throw new UsageError(`unknown shell '${shell}' (known: ${SHELLS.join(', ')})`);
      term.out(RENDER[shell as Shell](completionWords(commands())));
      return Promise.resolve(EXIT_OK);
    },
  };
}
