/**
 * Which certificates on disk expire soon, from a PkiReport: what `bootforge pki` lists under
 * "expiring" and what `bootforge pki --check` (for cron and monitoring) fails on. Pure.
 * A leaf within its renewal window (30 days) is re-issued with its key by the next `bootforge pki`
 * or `generate`; the hosts holding it then need their configs delivered again.
 */
import type { PkiReport, PkiReportItem } from './report.js';

const DAY_MS = 86_400_000;
/** `--check` fails on these (the next run renews leaves in this window). */
export const EXPIRY_CHECK_DAYS = 30;
/** Listed as a warning. */
export const EXPIRY_NOTICE_DAYS = 90;

export interface ExpiringCertificate {
  name: string;
  kind: PkiReportItem['kind'];
  notAfter: string;
  /** Whole days left, negative once expired. */
  daysLeft: number;
}

/** Certificates in the state directory now (before this run) expiring within `days` of `now`. */
export function expiringWithin(report: PkiReport, now: Date, days: number): ExpiringCertificate[] {
  const out: ExpiringCertificate[] = [];
  for (const item of report.items) {
    if (item.currentNotAfter === undefined || item.action === 'unused') continue;
    const left = (Date.parse(item.currentNotAfter) - now.getTime()) / DAY_MS;
    if (left < days)
      out.push({
        name: item.name,
        kind: item.kind,
        notAfter: item.currentNotAfter,
        daysLeft: Math.floor(left),
      });
  }
  return out.sort((a, b) => a.daysLeft - b.daysLeft || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The lines `bootforge pki` prints about expiring certificates; empty when none. */
export function formatExpiries(report: PkiReport, now: Date): string[] {
  const soon = expiringWithin(report, now, EXPIRY_CHECK_DAYS);
  const later = expiringWithin(report, now, EXPIRY_NOTICE_DAYS).filter(
    (c) => c.daysLeft >= EXPIRY_CHECK_DAYS,
  );
  const list = (items: ExpiringCertificate[]): string =>
    items.map((c) => `${c.name} (${c.notAfter.slice(0, 10)}${c.daysLeft < 0 ? ', expired' : ''})`).join(', ');
  const lines: string[] = [];
  if (soon.length > 0) lines.push(`expiring within ${EXPIRY_CHECK_DAYS} days: ${list(soon)}`);
  if (later.length > 0) lines.push(`expiring within ${EXPIRY_NOTICE_DAYS} days: ${list(later)}`);
  return lines;
}
