/**
 * What a partial run (`generate --only`, `--hosts`) keeps from the previous OUT: every file it
 * does not render again. A per-host file is rendered again when its format is selected and its
 * host is in scope; a site file when its format's site phase runs. Files of hosts the inventory no
 * longer has, and the old manifest, are dropped.
 */
import { MANIFEST_PATH } from './manifest.js';
import type { FormattedFile } from './output-file.js';

export interface RenderScope {
  /** Formats whose host phase runs. */
  formats: readonly string[];
  /** Host names whose per-host files are rendered; undefined = every host. */
  hosts?: ReadonlySet<string>;
  /** Formats whose site phase runs. */
  siteFormats: readonly string[];
}

export function rendersAgain(file: { format: string; host?: string }, scope: RenderScope): boolean {
  if (file.host === undefined) return scope.siteFormats.includes(file.format);
  return scope.formats.includes(file.format) && (scope.hosts === undefined || scope.hosts.has(file.host));
}

export function carryOver(
  previous: readonly FormattedFile[],
  scope: RenderScope,
  hostNames: ReadonlySet<string>,
): FormattedFile[] {
  return previous.filter(
    (f) =>
      f.path !== MANIFEST_PATH && !rendersAgain(f, scope) && (f.host === undefined || hostNames.has(f.host)),
  );
}
