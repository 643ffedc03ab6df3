/**
 * Flag parsing on node:util parseArgs, with parse errors turned into UsageError (exit 2).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './command.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedFlags<O extends Options> {
  values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>['values'];
  positionals: string[];
}

export function parseFlags<O extends Options>(args: string[], options: O): ParsedFlags<O> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** Exactly `names.length` positionals, named in the message when missing. */
export function positionals(values: string[], names: string[]): string[] {
  if (values.length < names.length) throw new UsageError(`missing ${names.slice(values.length).join(', ')}`);
  if (values.length > names.length) throw new UsageError(`unexpected argument '${values[names.length]}'`);
  return values;
}
