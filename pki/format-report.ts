/**
 * The human view of a PkiReport: one line per item with its status, expiry and why. Pure; the
 * caller passes a styling function (colour on a terminal, identity elsewhere).
 */
import { table } from '../plan/format-plan.js';
import type { PkiAction, PkiReport, PkiReportItem } from './report.js';

export type Styler = (style: 'green' | 'yellow' | 'red' | 'dim' | 'bold', text: string) => string;

const DONE: Record<PkiAction, string> = {
  keep: 'ok',
  create: 'created',
  reissue: 'reissued',
  rotate: 'rotated',
  unused: 'unused',
};

const PLANNED: Record<PkiAction, string> = {
  keep: 'ok',
  create: 'create',
  reissue: 'reissue',
  rotate: 'rotate',
  unused: 'unused',
};

function details(item: PkiReportItem): string {
  const what = item.subject ?? item.description;
  const parts = item.reasons.length > 0 ? item.reasons : what ? [what] : [];
  return [...parts, ...item.notes.map((n) => `(${n})`)].join('; ');
}

export function formatPkiReport(report: PkiReport, style: Styler = (_s, t) => t): string {
  const words = report.dryRun ? PLANNED : DONE;
  const rows = [
    ['NAME', 'STATUS', 'EXPIRES', 'DETAILS'],
    ...report.items.map((i) => [
      i.name,
      words[i.action],
      i.notAfter ? i.notAfter.slice(0, 10) : '-',
      details(i),
    ]),
  ];
  const lines = table(rows).split('\n');
  const coloured = lines.map((line, index) => {
    if (index === 0) return style('bold', line);
    const item = report.items[index - 1]!;
    if (item.action === 'keep') return item.notes.length > 0 ? style('yellow', line) : line;
    if (item.action === 'unused') return style('dim', line);
    return style('green', line);
  });
  const verb = report.dryRun ? 'would generate' : 'generated';
  const verbIssued = report.dryRun ? 'would issue' : 'issued';
  const verbWritten = report.dryRun ? 'would write' : 'wrote';
  const secrets = report.secretsWritten > 0 ? `, ${verbWritten} ${report.secretsWritten} secrets` : '';
  const summary =
    report.keysGenerated + report.certificatesIssued + report.secretsWritten === 0
      ? 'nothing to issue; every certificate, key and token is current'
      : `${verb} ${report.keysGenerated} keys, ${verbIssued} ${report.certificatesIssued} certificates${secrets}`;
  return [
    `PKI state directory ${report.stateDir}${report.dryRun ? ' (dry run: nothing written)' : ''}`,
    ...coloured,
    '',
    summary,
    '',
  ].join('\n');
}
