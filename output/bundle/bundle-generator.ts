/**
 * Bundles: everything one host needs, in one archive to carry to the machine by hand.
 *   bundles/<name>.tar.gz   always (the `bundle` format)
 *   bundles/<name>.zip      on request (`generate --only bundle-zip`; not run by default)
 * A bundle holds every file tagged with the host (its hosts/<name>/ tree, its per-MAC PXE files,
 * its cloud user-data) under a top directory `<name>/`, with OUT's relative paths and modes
 * (keys stay 0600). Entries are sorted, owned by root, dated 1980-01-01: byte-identical output.
 * Written by our own ustar and zip writers, so bundles stay a pure generator.
 */
import type { Generator, GeneratorInput, OutputFile } from '../../generators/generator.js';
import { withDirectories } from './archive-entry.js';
import { deterministicGzip } from './gzip.js';
import { buildTar } from './tar.js';
import { buildZip } from './zip.js';

/** The per-host formats a bundle carries; `--only bundle` runs them too. */
const BUNDLED_FORMATS = ['cloud-init', 'ignition', 'kickstart', 'pxe', 'iso', 'vsphere', 'cloud'] as const;

function bytes(content: string | Uint8Array): Uint8Array {
  return typeof content === 'string' ? new TextEncoder().encode(content) : content;
}

/** A host's archive entries: its files under `<name>/`, with their parent directories. */
export function bundleEntries(host: string, produced: readonly OutputFile[]) {
  const files = produced
    .filter((f) => f.host === host && !f.path.startsWith('bundles/'))
    .map((f) => ({ path: `${host}/${f.path}`, mode: f.mode, content: bytes(f.content) }));
  return withDirectories(files);
}

/** A bundle is as private as the most private file in it. */
function bundleMode(host: string, produced: readonly OutputFile[]): number {
  return produced.some((f) => f.host === host && !f.path.startsWith('bundles/') && (f.mode & 0o044) === 0)
    ? 0o600
    : 0o644;
}

function render(input: GeneratorInput, extension: 'tar.gz' | 'zip'): OutputFile[] {
  return input.hosts.map(({ hostname: host }) => {
    const entries = bundleEntries(host, input.produced);
    const content = extension === 'zip' ? buildZip(entries) : deterministicGzip(buildTar(entries));
    return { path: `bundles/${host}.${extension}`, content, mode: bundleMode(host, input.produced), host };
  });
}

export const bundleGenerator: Generator = {
  name: 'bundle',
  needs: BUNDLED_FORMATS,
  render: (input) => render(input, 'tar.gz'),
};

export const zipBundleGenerator: Generator = {
  name: 'bundle-zip',
  needs: BUNDLED_FORMATS,
  onRequest: true,
  render: (input) => render(input, 'zip'),
};
