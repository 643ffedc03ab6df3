/**
 * Which formats a run renders: `only` (as `generate --only`), closed over each format's `needs`,
 * in registry order; every default format when `only` is empty. Formats marked `always` run in
 * every run and are not part of the selection. Then the delivery: a format registered under a
 * delivery (pxe, iso, vsphere, cloud, bundle) renders only for hosts whose delivery includes it.
 */
import type { Generator } from '../generators/generator.js';
import { delivers } from '../plan/delivery.js';
import type { HostPlan } from '../plan/model.js';

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

/** `--only` named a format no host's delivery includes (e.g. vsphere with delivery [pxe, iso]). */
export class UndeliveredFormatError extends Error {
  constructor(
    readonly format: string,
    readonly delivery: string,
  ) {
    super(
      `format '${format}' is not delivered to any host: add ${delivery === 'cloud' ? 'cloud:<provider>' : delivery} to cluster.delivery (or a host's delivery)`,
    );
    this.name = 'UndeliveredFormatError';
  }
}

/** Does this format render for a host with this delivery? Host configs render for every host. */
export function formatDelivered(g: Generator, host: Pick<HostPlan, 'delivery'>): boolean {
  return g.delivery === undefined || delivers(host, g.delivery);
}

/** The formats among `formats` that some host's delivery includes (host configs always). */
export function deliveredFormats(
  generators: readonly Generator[],
  formats: readonly string[],
  hosts: readonly Pick<HostPlan, 'delivery'>[],
): string[] {
  return formats.filter((name) => {
    const g = generators.find((x) => x.name === name);
    return g !== undefined && hosts.some((h) => formatDelivered(g, h));
  });
}

/** One host's formats: those of the run that its delivery includes. */
export function hostFormats(
  generators: readonly Generator[],
  formats: readonly string[],
  host: Pick<HostPlan, 'delivery'>,
): string[] {
  return formats.filter((name) => {
    const g = generators.find((x) => x.name === name);
    return g !== undefined && formatDelivered(g, host);
  });
}

/** Throws UndeliveredFormatError for a format named in `only` that no host's delivery includes. */
export function checkOnlyDelivered(
  generators: readonly Generator[],
  only: readonly string[] | undefined,
  hosts: readonly Pick<HostPlan, 'delivery'>[],
): void {
  for (const name of only ?? []) {
    const g = generators.find((x) => x.name === name);
    if (g?.delivery !== undefined && !hosts.some((h) => formatDelivered(g, h)))
      throw new UndeliveredFormatError(name, g.delivery);
  }
}
