/**
 * A problem with user input. Every stage that reads user input reports these; exceptions are
 * for bugs and I/O only. Codes are stable: tests, scripts and docs rely on them.
 */
export type Severity = 'error' | 'warning';

export interface SourcePosition {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface Diagnostic {
  code: string;
  severity: Severity;
  /** Path into the document, e.g. `hosts[2].mac`; '' for the document itself. */
  path: string;
  message: string;
  hint: string;
  /** Filled in by the parser from the source map; absent only when the input had no text. */
  position?: SourcePosition;
}

/** A path segment list, rendered as `cluster.kubernetes.version` or `hosts[2].mac`. */
export type PathSegments = readonly (string | number)[];

export function formatPath(segments: PathSegments): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += out === '' ? s : `.${s}`;
  }
  return out;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
