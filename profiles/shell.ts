/** Quoting for values placed into shell scripts and systemd command lines. */

/** POSIX single-quoted word: safe for any string. */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * A value for a systemd ExecStart= argument: `%` must be doubled (specifier syntax) and values with
 * whitespace or quotes are rejected: our flags never need them.
 */
export function systemdArg(value: string): string {
  if (/[\s"'\\]/.test(value)) throw new Error(`systemd argument needs quoting: ${JSON.stringify(value)}`);
  return value.replace(/%/g, '%%');
}
