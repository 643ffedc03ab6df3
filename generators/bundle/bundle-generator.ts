/**
 * Bundles: everything one host needs, in one archive to carry to the machine by hand.
 *   bundles/<name>.tar.gz   always (the `bundle` format)
 *   bundles/<name>.zip      on request (`generate --only bundle-zip`; not run by default)
 * A bundle holds every file the per-host formats produced for the host (its hosts/<name>/ tree,
 * its per-MAC PXE files, its cloud user-data) under a top directory `<name>/`, with OUT's
 * relative paths and modes (keys stay 0600). Entries are sorted, owned by root, dated 1980-01-01:
 * byte-identical output. Written by our own ustar and zip writers (encoders/), so bundles stay a
 * pure generator.
 */
import { withDirectories } from '../../encoders/archive-entry.js';
import { toBytes } from '../../encoders/bytes.js';
import { deterministicGzip, GZIP_LEVEL_FAST } from '../../encoders/gzip.js';
import { buildTar } from '../../encoders/tar.js';
import { buildZip } from '../../encoders/zip.js';
import { isSecretMode } from '../../host/secrets.js';
import type { HostContext } from '../context.js';
import type { Generator, OutputFile } from '../generator.js';

/** The per-host formats a bundle carries; `--only bundle` runs them too. */
const BUNDLED_FORMATS = ['cloud-init', 'ignition', 'kickstart', 'pxe', 'iso', 'vsphere', 'cloud'] as const;

/** A host's archive entries: its files under `<name>/`, with their parent directories. */
export function bundleEntries(host: string, files: readonly OutputFile[]) {
  return withDirectories(
    files.map((f) => ({ path: `${host}/${f.path}`, mode: f.mode, content: toBytes(f.content) })),
  );
}

function renderBundle(
  ctx: HostContext,
  earlier: readonly OutputFile[],
  extension: 'tar.gz' | 'zip',
): OutputFile {
  const host = ctx.host.name;
  // Never another bundle of the same host (the zip comes after the tar.gz).
  const files = earlier.filter((f) => !f.path.startsWith('bundles/'));
  const entries = bundleEntries(host, files);
  // gzip -6, not -9: -9 took 2.4 times the CPU for bundles 0.5% smaller (a 244 KB master tar:
  // 6.7 ms -> 2.8 ms, 41,749 -> 41,957 bytes), and it was the largest single cost of a render.
  const content =
    extension === 'zip' ? buildZip(entries) : deterministicGzip(buildTar(entries), GZIP_LEVEL_FAST);
  // A bundle is as private as the most private file in it.
  const mode = files.some((f) => isSecretMode(f.mode)) ? 0o600 : 0o644;
  return { path: `bundles/${host}.${extension}`, content, mode, host };
}

export const bundleGenerator: Generator = {
  name: 'bundle',
  delivery: 'bundle',
  needs: BUNDLED_FORMATS,
  host: (ctx, earlier) => ({ files: [renderBundle(ctx, earlier, 'tar.gz')] }),
};

export const zipBundleGenerator: Generator = {
  name: 'bundle-zip',
  delivery: 'bundle',
  needs: BUNDLED_FORMATS,
  onRequest: true,
  host: (ctx, earlier) => ({ files: [renderBundle(ctx, earlier, 'zip')] }),
};
