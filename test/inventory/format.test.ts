import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../inventory/diagnostic.js';
import { countDiagnostics, formatDiagnostic, sortDiagnostics, summarise } from '../../inventory/format.js';

const d = (line: number, code: string, severity: Diagnostic['severity'] = 'error'): Diagnostic => ({
  code,
  severity,
  path: 'hosts[2].mac',
  message: 'm',
  hint: 'h',
  position: { file: 'x.yaml', line, column: 10 },
});

describe('diagnostic formatting', () => {
  it('prints file:line:column severity CODE path: message and an indented hint', () => {
    expect(formatDiagnostic(d(12, 'DUPLICATE_MAC'), 'x.yaml')).toBe(
      'x.yaml:12:10 error DUPLICATE_MAC hosts[2].mac: m\n  hint: h\n',
    );
  });

  it('falls back to the file name without a position, and omits an empty path', () => {
    const bare: Diagnostic = { code: 'FILE_NOT_FOUND', severity: 'error', path: '', message: 'm', hint: 'h' };
    expect(formatDiagnostic(bare, 'in.yaml')).toBe('in.yaml error FILE_NOT_FOUND m\n  hint: h\n');
  });

  it('paints through the given painter only', () => {
    const painted = formatDiagnostic(d(1, 'X', 'warning'), 'x.yaml', (style, text) => `<${style}>${text}</>`);
    expect(painted).toBe(
      '<bold>x.yaml:1:10</> <yellow>warning</> X <cyan>hosts[2].mac</>: m\n  <dim>hint:</> h\n',
    );
  });

  it('sorts by position and summarises counts', () => {
    const list = [d(9, 'B'), d(2, 'Z', 'warning'), d(9, 'A')];
    expect(sortDiagnostics(list).map((x) => x.code)).toEqual(['Z', 'A', 'B']);
    expect(summarise(countDiagnostics(list))).toBe('2 errors, 1 warning');
    expect(summarise(countDiagnostics([]))).toBe('0 errors, 0 warnings');
  });
});
