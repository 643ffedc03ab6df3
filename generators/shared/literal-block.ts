/**
 * A literal block scalar (`|`) written exactly as js-yaml 5 writes a multi-line string with
 * `lineWidth: -1` below the top level, for the strings where its choice is certain: printable ASCII
 * and line feeds only (a tab, a CR or any other character can make js-yaml pick another style),
 * at least one line feed, not blank, no leading space on the first line (which needs an
 * indentation indicator) and not ending in a blank line (kept chomping, `|+`, which also ends the
 * document with `...`). For those js-yaml's rules (tryLongOrMultilineAsBlock, renderLiteralBlock)
 * give: `|`, `-` when there is no final line feed, then every non-empty line indented.
 * test/generators/shared/literal-block.test.ts compares it with js-yaml on generated strings.
 */

const PRINTABLE_ASCII_LINES = /^[\n\x20-\x7e]*$/;
const BLANK = /^\s*$/;
const LEADING_SPACE = /^\n* /;
const NON_EMPTY_LINE = /^(?=[^\n])/gm;

/** True when js-yaml writes `text` as a plain literal block (as literalBlock does). */
export function isPlainLiteral(text: string): boolean {
  return (
    text.includes('\n') &&
    !text.endsWith('\n\n') &&
    !BLANK.test(text) &&
    !LEADING_SPACE.test(text) &&
    PRINTABLE_ASCII_LINES.test(text)
  );
}

/** The block for a string isPlainLiteral accepts: `|` or `|-`, then its lines indented by `indent`. */
export function literalBlock(text: string, indent: string): string {
  const clipped = text.endsWith('\n');
  const body = clipped ? text.slice(0, -1) : text;
  return `|${clipped ? '' : '-'}\n${body.replace(NON_EMPTY_LINE, indent)}`;
}
