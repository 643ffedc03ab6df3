/** POSIX shell quoting for values the generators put into scripts and runcmd lines. */

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quotes `value` for a POSIX shell: unchanged when it only has safe characters, else single-quoted. */
export function shellQuote(value: string): string {
  if (value !== '' && SAFE.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** Joins an argv into one shell command line. */
export function shellCommand(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}
