/**
 * `bootforge pki INVENTORY [--pki DIR] [--dry-run | --check] [--renew [--within DAYS]] [--rotate NAME]...
 * [--rotate-all-leaves] [--json]`:
 * issue and keep the cluster's PKI in its state directory, and show what exists, what is (or
 * would be) issued and why, and when each certificate expires. Never prints a secret.
 */
import { resolve } from 'node:path';
import { parseFlags, positionals } from '../args.js';
import { EXIT_FAILURE, EXIT_INVALID, EXIT_OK, UsageError, type Command } from '../command.js';
import { paint } from '../terminal.js';
import { countDiagnostics, summarise } from '../../inventory/format.js';
import { loadInventory } from '../../inventory/load.js';
import { planCluster } from '../../plan/plan-cluster.js';
import { EXPIRY_CHECK_DAYS, EXPIRY_NOTICE_DAYS, expiringWithin, formatExpiries } from '../../pki/expiry.js';
import { formatPkiReport } from '../../pki/format-report.js';
import { lookAlikePki } from '../../pki/look-alike.js';
import { pkiCatalog } from '../../pki/catalog.js';
import type { ClusterPki } from '../../pki/model.js';
import type { ClusterPlan } from '../../plan/model.js';
import { hostsHoldingLeaves } from '../../profiles/certificate-holders.js';
import type { PkiReport } from '../../pki/report.js';
import { defaultStateDir } from '../../pki/state-layout.js';
import { inspectPki, loadOrIssuePki, UnknownLeafError, type PkiOptions } from '../../pki/store.js';
import { printDiagnostics } from './validate.js';

const usage = `Usage: bootforge pki INVENTORY [--pki DIR] [--dry-run | --check] [--renew [--within DAYS]]
                     [--rotate NAME]... [--rotate-all-leaves] [--json]

Issue the cluster's PKI into its state directory and keep it there: the Kubernetes, etcd and
front-proxy CAs, every certificate and key the inventory needs, the service-account key pair,
the encryption key, (with TLS bootstrap) the bootstrap token, and one install report token per
host (report-tokens/<host>, laid down on that host as /etc/bootforge/report-token). Run it again at any time: what
exists is reused; a CA or a key is never replaced; a certificate is re-issued, with its old key,
only when what it must contain changed (a new master in the apiserver SANs, a renamed host) or it
is within its renewal window; a new host gets only its own material. \`bootforge generate\` does
the same before rendering.

Options:
  --pki DIR             PKI state directory (default: <inventory dir>/<cluster name>-pki)
  --dry-run             show what exists and what would be issued and why; write nothing
  --check               like --dry-run, and exit 1 when a certificate in the state directory expires
                        within 30 days (or has expired): for cron and monitoring. Certificates
                        expiring within 30 and 90 days are listed after every report. A run without
                        --check re-issues leaves within 30 days of expiry with their keys, and any
                        run that re-issues or rotates a certificate names the hosts to deliver again
                        (bootforge generate, then reinstall or copy the files)
  --renew               also re-issue, each with its own key, every leaf certificate that expires
                        within 90 days (what the report lists as expiring) or has expired, and
                        name the hosts to deliver again (then bootforge diff shows their files
                        changed, bootforge generate writes them). CAs are never renewed: a CA
                        inside the window is only noted. With --dry-run: what would be renewed
  --within DAYS         with --renew: the window in days instead of 90 (at least 1)
  --rotate NAME[,NAME]  give leaf certificate NAME a new key and certificate, or host H a new
                        report token with report-token/H (repeatable); names are those listed,
                        e.g. apiserver, admin, etcd/server-knode4, kubelets/knode2, report-token/knode2
  --rotate-all-leaves   rotate every leaf certificate and report token (CAs and sa.key are never
                        rotated)
  --json                print the report as one JSON document on stdout
  -h, --help            show this help

Private keys and tokens are written with mode 0600 (directories 0700) and never printed. Key generation
runs on Node's thread pool: set UV_THREADPOOL_SIZE to the number of cores for large clusters.

Exit codes: 0 ok, 1 the state directory needs attention (e.g. a CA certificate without its key),
another run holds it, or (--check) a certificate expires within 30 days, 2 invalid inventory or flags.
`;

/** Items this run replaced (re-issued or rotated): what an OUT rendered before it still holds. */
function replaced(report: PkiReport): PkiReport['items'] {
  return report.items.filter((i) => i.action === 'reissue' || i.action === 'rotate');
}

/**
 * Hosts whose rendered configs hold something this run replaced: a certificate re-issued or
 * rotated (found in each host's files), or its own report token (none on a first issue).
 */
async function hostsToRedeliver(
  plan: ClusterPlan,
  pki: ClusterPki | undefined,
  report: PkiReport,
): Promise<string[]> {
  const items = replaced(report);
  const changed = new Set(items.filter((i) => i.kind === 'certificate').map((i) => i.name));
  const slots = pkiCatalog(plan)
    .leaves.filter((e) => changed.has(e.name))
    .map((e) => e.slot);
  // A dry run has no issued PKI: an in-memory look-alike of the same shape says who holds what.
  const holders = new Set(
    slots.length === 0 ? [] : hostsHoldingLeaves(plan, pki ?? (await lookAlikePki(plan)), slots),
  );
  for (const i of items)
    if (i.name.startsWith('report-token/')) holders.add(i.name.slice('report-token/'.length));
  return plan.hosts.map((h) => h.name).filter((h) => holders.has(h));
}

/** After a run that replaced something: every OUT rendered before it is stale, and what to do. */
function staleNote(file: string, report: PkiReport, redeliver: readonly string[]): string {
  const names = replaced(report).map((i) => i.name);
  if (names.length === 0) return '';
  return (
    `OUT is now stale: files rendered before this run still carry the old ${names.join(', ')}. ` +
    `Run \`bootforge generate ${file} -o OUT\` again (\`bootforge diff ${file} OUT\` lists the files), ` +
    `restart or SIGHUP \`bootforge serve\`, then deliver again to ${redeliver.length > 0 ? redeliver.join(', ') : 'no host (only OUT/cluster/ changes)'}.\n`
  );
}

/** `--within DAYS`: a whole number of days, at least 1. */
function renewWindow(within: string | undefined): number {
  if (within === undefined) return EXPIRY_NOTICE_DAYS;
  if (!/^[1-9][0-9]{0,5}$/.test(within)) {
    throw new UsageError(`--within takes a whole number of days (at least 1), not '${within}'`);
  }
  return Number(within);
}

export const pkiCommand: Command = {
  name: 'pki',
  summary: 'issue and keep the cluster PKI; show what exists, expiries, what would change',
  usage,
  async run(args, term) {
    const { values, positionals: rest } = parseFlags(args, {
      pki: { type: 'string' },
      'dry-run': { type: 'boolean' },
      check: { type: 'boolean' },
      renew: { type: 'boolean' },
      within: { type: 'string' },
      rotate: { type: 'string', multiple: true },
      'rotate-all-leaves': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const [file = ''] = positionals(rest, ['INVENTORY']);
    if (values.within !== undefined && !values.renew) throw new UsageError('--within goes with --renew');
    if (values.renew && values.check) {
      throw new UsageError('--check only reports; give --renew (with --dry-run to preview) or --check');
    }
    const renewWithinDays = values.renew ? renewWindow(values.within) : undefined;
    if (values.rotate && values['rotate-all-leaves']) {
      throw new UsageError('give either --rotate NAME or --rotate-all-leaves, not both');
    }
    const { inventory, diagnostics } = await loadInventory(file, { cwd: term.cwd });
    printDiagnostics(term, diagnostics, file);
    if (!inventory) {
      term.err(`${file}: ${paint(term, 'red', 'invalid')}, ${summarise(countDiagnostics(diagnostics))}\n`);
      return EXIT_INVALID;
    }
    const plan = planCluster(inventory);
    const stateDir = values.pki
      ? resolve(term.cwd, values.pki)
      : defaultStateDir(resolve(term.cwd, file), plan.name);
    const now = new Date();
    const rotate = values.rotate?.flatMap((v) => v.split(',')).filter((v) => v !== '');
    const options: PkiOptions = {
      ...(rotate ? { rotate } : {}),
      ...(values['rotate-all-leaves'] ? { rotateAllLeaves: true } : {}),
      ...(renewWithinDays !== undefined ? { renewWithinDays } : {}),
      now,
    };
    const dryRun = values['dry-run'] === true || values.check === true;
    let report: PkiReport;
    let pki: ClusterPki | undefined;
    try {
      if (dryRun) report = await inspectPki(plan, stateDir, options);
      else ({ pki, report } = await loadOrIssuePki(plan, stateDir, options));
    } catch (error) {
      if (error instanceof UnknownLeafError) throw new UsageError(error.message);
      throw error;
    }
    const redeliver = await hostsToRedeliver(plan, pki, report);
    const expiries = formatExpiries(report, now);
    const stale = dryRun ? '' : staleNote(file, report, redeliver);
    const renewNote =
      renewWithinDays === undefined
        ? ''
        : `--renew ${renewWithinDays} days: leaf certificates only; CAs are never renewed\n`;
    const deliver = dryRun
      ? 'would deliver again (certificates would be re-issued)'
      : 'deliver again (certificates re-issued; bootforge generate)';
    term.out(
      values.json
        ? `${JSON.stringify({ ...report, deliverAgain: redeliver }, null, 2)}\n`
        : formatPkiReport(report, (style, text) => paint(term, style, text)) +
            expiries.map((l) => `${paint(term, 'yellow', l)}\n`).join('') +
            renewNote +
            (redeliver.length > 0 ? `${deliver}: ${redeliver.join(', ')}\n` : '') +
            stale,
    );
    if (values.json) term.err(stale);
    if (values.check && expiringWithin(report, now, EXPIRY_CHECK_DAYS).length > 0) {
      if (values.json) for (const l of expiries) term.err(`${l}\n`);
      return EXIT_FAILURE;
    }
    return EXIT_OK;
  },
};
