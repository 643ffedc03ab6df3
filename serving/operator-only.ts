/**
 * Operator material: manifest.json, everything under cluster/ (admin.conf, the CAs) and under
 * lifecycle/ (the report tokens' hashes). Never served to anyone, by `bootforge serve` or by the
 * generated nginx.conf.
 */

/** Paths refused exactly. */
export const OPERATOR_ONLY_PATHS: readonly string[] = ['manifest.json', 'cluster', 'lifecycle'];
/** Directories refused with everything under them (with the trailing slash). */
export const OPERATOR_ONLY_DIRS: readonly string[] = ['cluster/', 'lifecycle/'];

export const OPERATOR_ONLY_REASON = 'operator material (cluster/, lifecycle/, manifest.json) is never served';

/** `path` is relative to OUT, without a leading slash. */
export function isOperatorOnly(path: string): boolean {
  return OPERATOR_ONLY_PATHS.includes(path) || OPERATOR_ONLY_DIRS.some((dir) => path.startsWith(dir));
}
