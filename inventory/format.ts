/**
 * Human-readable diagnostics, one problem per entry:
 *   examples/x.yaml:12:10 error DUPLICATE_MAC hosts[2].mac: MAC ... is already used by hosts[0]
 *     hint: every host needs the MAC of its own boot NIC
 * Colour is the caller's decision: it passes a painter (identity when colour is off).
 */
import type { Diagnostic } from './diagnostic.js';

export type Painter = (style: 'red' | 'yellow' | 'bold' | 'dim' | 'cyan', text: string) => string;

const plain: Painter = (_style, text) => text;

export function formatDiagnostic(d: Diagnostic, file: string, paint: Painter = plain): string {
  const where = d.position ? `${d.position.file}:${d.position.line}:${d.position.column}` : file;
  const severity = d.severity === 'error' ? paint('red', 'error') : paint('yellow', 'warning');
  const path = d.path === '' ? '' : ` ${paint('cyan', d.path)}:`;
  return `${paint('bold', where)} ${severity} ${d.code}${path} ${d.message}\n  ${paint('dim', 'hint:')} ${d.hint}\n`;
}

export interface DiagnosticCounts {
  errors: number;
  warnings: number;
}

export function countDiagnostics(diagnostics: readonly Diagnostic[]): DiagnosticCounts {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return { errors, warnings: diagnostics.length - errors };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `2 errors, 1 warning` */
export function summarise(counts: DiagnosticCounts): string {
  return `${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}`;
}

/** Diagnostics sorted by position (file order), then code, so output reads top to bottom. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      (a.position?.line ?? 0) - (b.position?.line ?? 0) ||
      (a.position?.column ?? 0) - (b.position?.column ?? 0) ||
      a.code.localeCompare(b.code),
  );
}
