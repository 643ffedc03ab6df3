/**
 * NoCloud asks for vendor-data beside user-data and meta-data; a host whose OUT has none gets an
 * empty cloud-config, from `bootforge serve` and from the generated nginx.conf alike.
 */
import type { ServingFile, ServingHost } from './entry.js';
import { hostFilePath } from './routes.js';

export const DEFAULT_VENDOR_DATA = '#cloud-config\n';
export const VENDOR_DATA = 'vendor-data';

/** The vendor-data files to answer with DEFAULT_VENDOR_DATA: one per host that has none in OUT. */
export function defaultVendorData(
  hosts: readonly Pick<ServingHost, 'name'>[],
  files: readonly Pick<ServingFile, 'path'>[],
): { host: string; path: string }[] {
  const present = new Set(files.map((f) => f.path));
  return hosts
    .map((h) => ({ host: h.name, path: hostFilePath(h.name, VENDOR_DATA) }))
    .filter((entry) => !present.has(entry.path));
}
