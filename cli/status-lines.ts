/**
 * `bootforge status` as text: hosts grouped by role (control plane first), one line each with
 * name, roles, phase, since and the first line of the last message, columns aligned, then the
 * summary (`7/10 ready, 1 failed`). A failed host's report components follow its line.
 */
import { groupByRole, type StatusDocument, type StatusHost } from '../server/lifecycle/status-doc.js';
import { paint, type Terminal } from './terminal.js';

/** `2026-12-02T13:05:09.123Z` -> `2026-12-02 13:05:09Z`; a host that never reported: `-`. */
export function shortTime(iso: string): string {
  if (iso === '') return '-';
  const match = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)/.exec(iso);
  return match ? `${match[1]} ${match[2]}Z` : iso;
}

const COLOURS: Record<string, 'green' | 'red' | 'yellow' | undefined> = {
  ready: 'green',
  failed: 'red',
  installing: 'yellow',
};

function failureLines(host: StatusHost): string[] {
  if (host.phase !== 'failed') return [];
  const lines: string[] = [];
  for (const rest of host.message.split('\n').slice(1)) lines.push(`      ${rest}`);
  for (const [name, value] of Object.entries(host.components)) {
    const text = Array.isArray(value)
      ? value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
      : typeof value === 'string'
        ? value.split('\n')
        : [JSON.stringify(value)];
    if (text.length <= 1) lines.push(`      ${name}: ${text[0] ?? ''}`);
    else lines.push(`      ${name}:`, ...text.map((line) => `        ${line}`));
  }
  return lines;
}

export function statusLines(status: StatusDocument, term: Terminal): string {
  const width = (pick: (h: StatusHost) => string): number =>
    Math.max(0, ...status.hosts.map((h) => pick(h).length));
  const nameWidth = width((h) => h.name);
  const rolesWidth = width((h) => h.roles.join(','));
  const phaseWidth = Math.max(...['installing', 'pending'].map((p) => p.length));
  const out: string[] = [];
  for (const [group, hosts] of groupByRole(status.hosts)) {
    out.push(`${group} (${hosts.length})`);
    for (const host of hosts) {
      const colour = COLOURS[host.phase];
      const phase = host.phase.padEnd(phaseWidth);
      const message = host.message.split('\n')[0] ?? '';
      const line = [
        `  ${host.name.padEnd(nameWidth)}`,
        host.roles.join(',').padEnd(rolesWidth),
        colour ? paint(term, colour, phase) : phase,
        shortTime(host.since).padEnd(20),
        message,
      ]
        .join('  ')
        .trimEnd();
      out.push(line, ...failureLines(host));
    }
  }
  out.push(status.summary.text);
  return `${out.join('\n')}\n`;
}
