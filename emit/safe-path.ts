/**
 * A path inside OUT as manifests and generators spell it: relative, forward slashes, no `.`,
 * `..` or empty segment, no backslash and no NUL. Safe to join to OUT; anything else is refused
 * by the writer, the carry-over reader and the server alike.
 */
export function isSafeRelativePath(path: string): boolean {
  if (path === '' || path.startsWith('/') || path.includes('\\') || path.includes('\0')) return false;
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}
