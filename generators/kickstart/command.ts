/** One kickstart command as data (`network --bootproto=static ...`), serialised with shell-style quoting. */
import { shellQuote } from '../shared/shell-quote.js';

export type KsToken = { arg: string } | { option: string; value?: string };

export interface KsCommand {
  name: string;
  tokens: KsToken[];
}

export const arg = (value: string): KsToken => ({ arg: value });
export const opt = (option: string, value?: string): KsToken =>
  value === undefined ? { option } : { option, value };

export function command(name: string, ...tokens: KsToken[]): KsCommand {
  return { name, tokens };
}

/** pykickstart splits lines with shlex (POSIX rules), so shell quoting round-trips exactly. */
export function renderCommand(cmd: KsCommand): string {
  const words = cmd.tokens.map((t) =>
    'arg' in t ? shellQuote(t.arg) : t.value === undefined ? t.option : `${t.option}=${shellQuote(t.value)}`,
  );
  return [cmd.name, ...words].join(' ');
}
