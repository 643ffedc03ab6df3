/**
 * Which formats a run renders: `only` (as `generate --only`), closed over each format's `needs`,
 * in registry order; every default format when `only` is empty. Formats marked `always` run in
 * every run and are not part of the selection.
 */
import type { Generator } from '../generators/generator.js';

export class UnknownFormatError extends Error {
  constructor(
    readonly format: string,
    readonly known: readonly string[],
  ) {
    super(`unknown format '${format}' (known: ${known.join(', ')})`);
    this.name = 'UnknownFormatError';
  }
}

/** The names `--only` accepts, in registry order. */
export function selectableFormats(generators: readonly Generator[]): string[] {
  return generators.filter((g) => g.always !== true).map((g) => g.name);
}

export function selectFormats(generators: readonly Generator[], only?: readonly string[]): string[] {
  const known = selectableFormats(generators);
  if (only === undefined || only.length === 0)
    return generators.filter((g) => g.always !== true && g.onRequest !== true).map((g) => g.name);
  const wanted = new Set<string>();
  const add = (name: string): void => {
    const g = generators.find((x) => x.name === name && x.always !== true);
    if (!g) throw new UnknownFormatError(name, known);
    if (wanted.has(name)) return;
    wanted.add(name);
    g.needs.forEach(add);
  };
  only.forEach(add);
  return known.filter((n) => wanted.has(n));
}
