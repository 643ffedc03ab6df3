/**
 * File identifiers for the two directory trees of the image:
 * - ISO 9660 level 1 (`NAME.EXT;1`, upper-case d-characters, 8.3), what a reader without
 *   extensions sees; made unique within the directory;
 * - Joliet (UCS-2, up to 64 characters), the name kept as written.
 * Rock Ridge carries the real POSIX name (NM) next to the level-1 identifier.
 */

const D_CHARACTER = /[A-Z0-9_]/;

function toDCharacters(text: string): string {
  let out = '';
  for (const ch of text.toUpperCase()) out += D_CHARACTER.test(ch) ? ch : '_';
  return out;
}

/** Splits `name.ext` at the last dot (a leading dot is part of the name). */
function splitExtension(name: string): { base: string; ext: string } {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return { base: name, ext: '' };
  return { base: name.slice(0, dot), ext: name.slice(dot + 1) };
}

/**
 * Level-1 identifiers (`USER_DAT.;1`) for the given names, in the same order, unique within the
 * list: on a clash the base name's tail is replaced by a counter (`USER_D01.;1`).
 */
export function level1Identifiers(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const { base, ext } = splitExtension(name);
    const stem = toDCharacters(base).slice(0, 8) || '_';
    const extension = toDCharacters(ext).slice(0, 3);
    let candidate = stem;
    for (let n = 1; used.has(`${candidate}.${extension}`); n++) {
      const suffix = String(n).padStart(2, '0');
      if (suffix.length >= 8) throw new Error(`too many ISO 9660 name clashes for ${name}`);
      candidate = stem.slice(0, 8 - suffix.length) + suffix;
    }
    used.add(`${candidate}.${extension}`);
    return `${candidate}.${extension};1`;
  });
}

/** ECMA-119 9.3 order: name then extension, each compared as if padded with spaces. */
export function compareLevel1(a: string, b: string): number {
  const parts = (id: string): [string, string] => {
    const [nameExt = ''] = id.split(';');
    const dot = nameExt.indexOf('.');
    return dot < 0 ? [nameExt, ''] : [nameExt.slice(0, dot), nameExt.slice(dot + 1)];
  };
  const [an, ae] = parts(a);
  const [bn, be] = parts(b);
  const width = Math.max(an.length, bn.length);
  const byName = compareBytes(an.padEnd(width, ' '), bn.padEnd(width, ' '));
  if (byName !== 0) return byName;
  const extWidth = Math.max(ae.length, be.length);
  return compareBytes(ae.padEnd(extWidth, ' '), be.padEnd(extWidth, ' '));
}

/** Joliet directories are ordered by the UCS-2 code units of the names. */
export function compareJoliet(a: string, b: string): number {
  return compareBytes(a, b);
}

function compareBytes(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const diff = a.charCodeAt(i) - b.charCodeAt(i);
    if (diff !== 0) return diff;
  }
  return a.length - b.length;
}

/** Joliet allows 64 UCS-2 characters and forbids `* / : ; ? \`. */
export function checkJolietName(name: string): string | null {
  if (name.length === 0) return 'an empty name';
  if (name.length > 64) return 'longer than 64 characters (Joliet limit)';
  if (/[*/:;?\\]/.test(name)) return 'a character Joliet forbids (* / : ; ? \\)';
  for (const ch of name)
    if (ch.codePointAt(0)! > 0xffff || ch.codePointAt(0)! < 0x20) return 'a character outside UCS-2 text';
  return null;
}
