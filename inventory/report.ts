/**
 * Collects diagnostics while the stages run, turning path segments into the printed path and,
 * when the source map is known, into file:line:column. Never throws: every problem is kept.
 */
import { formatPath, type Diagnostic, type PathSegments, type Severity } from './diagnostic.js';
import type { InventoryCode } from './codes.js';
import type { SourceMap } from './source-map.js';

/** Where a path is written: the source map, or a translation onto it. */
export type Locator = Pick<SourceMap, 'positionOf' | 'keyPositionOf'>;

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];
  private readonly segments = new WeakMap<Diagnostic, PathSegments>();

  constructor(private readonly sourceMap?: Locator) {}

  error(at: PathSegments, code: InventoryCode, message: string, hint: string): void {
    this.add('error', at, code, message, hint, false);
  }

  warning(at: PathSegments, code: InventoryCode, message: string, hint: string): void {
    this.add('warning', at, code, message, hint, false);
  }

  /** An error about a key itself (unknown, duplicated): positioned at the key, not its value. */
  keyError(at: PathSegments, code: InventoryCode, message: string, hint: string): void {
    this.add('error', at, code, message, hint, true);
  }

  private add(
    severity: Severity,
    at: PathSegments,
    code: InventoryCode,
    message: string,
    hint: string,
    atKey: boolean,
  ): void {
    const diagnostic: Diagnostic = { code, severity, path: formatPath(at), message, hint };
    if (this.sourceMap) {
      diagnostic.position = atKey ? this.sourceMap.keyPositionOf(at) : this.sourceMap.positionOf(at);
    }
    this.diagnostics.push(diagnostic);
    this.segments.set(diagnostic, at);
  }

  /** The path of a diagnostic this reporter made, as segments (a label key may hold a dot). */
  segmentsOf(diagnostic: Diagnostic): PathSegments | undefined {
    return this.segments.get(diagnostic);
  }
}
