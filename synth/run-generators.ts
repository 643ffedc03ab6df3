/**
 * Runs generators in registry order and tags every file with the format that produced it.
 * `only` selects formats; the formats they need (e.g. the seed ISO needs cloud-init) run too.
 */
import type { Generator, GeneratorInput, OutputFile } from '../generators/generator.js';
import type { FormattedFile } from '../emit/manifest.js';
import type { Diagnostic } from '../inventory/diagnostic.js';

export interface GeneratorRun {
  files: FormattedFile[];
  /** Warnings about the output (a value over a platform's size limit, a URL a loader cannot fetch). */
  diagnostics: Diagnostic[];
}

export class UnknownFormatError extends Error {
  constructor(
    readonly format: string,
    readonly known: readonly string[],
  ) {
    super(`unknown format '${format}' (known: ${known.join(', ')})`);
    this.name = 'UnknownFormatError';
  }
}

/** The formats to run for `only` (all but on-request ones when undefined), closed over `needs`, in registry order. */
export function selectFormats(generators: readonly Generator[], only?: readonly string[]): string[] {
  const known = generators.map((g) => g.name);
  if (only === undefined || only.length === 0)
    return generators.filter((g) => g.onRequest !== true).map((g) => g.name);
  const wanted = new Set<string>();
  const add = (name: string): void => {
    const g = generators.find((x) => x.name === name);
    if (!g) throw new UnknownFormatError(name, known);
    if (wanted.has(name)) return;
    wanted.add(name);
    g.needs.forEach(add);
  };
  only.forEach(add);
  return known.filter((n) => wanted.has(n));
}

export function runGenerators(
  generators: readonly Generator[],
  input: Omit<GeneratorInput, 'produced'>,
  formats: readonly string[],
): GeneratorRun {
  const produced: FormattedFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const g of generators) {
    if (!formats.includes(g.name)) continue;
    const out: OutputFile[] = g.render({ ...input, produced });
    if (g.diagnose) diagnostics.push(...g.diagnose({ ...input, produced }));
    for (const f of out) produced.push({ ...f, format: g.name });
  }
  const seen = new Set<string>();
  for (const f of produced) {
    if (seen.has(f.path)) throw new Error(`two generators wrote ${f.path}`);
    seen.add(f.path);
  }
  return { files: produced, diagnostics };
}
