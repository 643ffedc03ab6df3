/**
 * One host through every selected format's host phase, in registry order: pure, so it can run
 * in the main thread or in a worker. Each format sees the files the formats before it produced
 * for this host (a bundle packs them).
 */
import type { FormattedFile } from '../emit/output-file.js';
import type { HostContext } from '../generators/context.js';
import type { Generator } from '../generators/generator.js';
import type { Diagnostic } from '../inventory/diagnostic.js';
import type { OsFamily } from '../os/family.js';
import { osFamily } from '../os/registry.js';
import { GENERATORS } from '../generators/registry.js';

export interface HostOutput {
  host: string;
  files: FormattedFile[];
  /** By format name, only formats that reported any. */
  diagnostics: [string, Diagnostic[]][];
  /** By format name: what the format's site phase wants to know about this host. */
  summaries: [string, unknown][];
}

/** A registered format the family does not list is skipped; a caller's own generators always run. */
function formatFitsOs(family: OsFamily, format: string): boolean {
  return family.formats.includes(format) || !GENERATORS.some((g) => g.name === format);
}

export function renderHost(
  ctx: HostContext,
  generators: readonly Generator[],
  formats: readonly string[],
): HostOutput {
  const out: HostOutput = { host: ctx.host.name, files: [], diagnostics: [], summaries: [] };
  // A format the host's OS family cannot use is not rendered for it (asking for it explicitly is
  // refused earlier, with a diagnostic: plan/os-support.ts).
  const family = osFamily(ctx.config.os);
  for (const g of generators) {
    if (g.host === undefined || !formats.includes(g.name) || !formatFitsOs(family, g.name)) continue;
    const rendered = g.host(ctx, out.files);
    for (const f of rendered.files) out.files.push({ ...f, format: g.name });
    if (rendered.diagnostics !== undefined && rendered.diagnostics.length > 0)
      out.diagnostics.push([g.name, rendered.diagnostics]);
    if (rendered.summary !== undefined) out.summaries.push([g.name, rendered.summary]);
  }
  return out;
}
