/**
 * Install-lifecycle reports from an installer (Anaconda's %pre/%onerror, Subiquity's early-,
 * late- and error-commands), which run before the host's own report script and token are on its
 * disk: the installer gets its own copy under /tmp/bootforge (its /tmp lasts until it reboots),
 * carried inline by the host's 0600 installer config, and reports with it.
 */
import type { ReportSetup } from '../../host/lifecycle.js';
import { shellCommand, shellQuote } from './shell-quote.js';

/** Where the installer's copy of the report script and token go. */
export const INSTALLER_REPORT_DIR = '/tmp/bootforge';
const DELIMITER = 'BOOTFORGE_REPORT_EOF';

/** `cat >PATH <<'EOF'` lines writing `content` (which must not hold the delimiter line). */
export function heredoc(path: string, content: string): string[] {
  const lines = content.endsWith('\n') ? content.slice(0, -1).split('\n') : content.split('\n');
  if (lines.includes(DELIMITER)) throw new Error(`${path} contains the line ${DELIMITER}`);
  return [`cat >${shellQuote(path)} <<'${DELIMITER}'`, ...lines, DELIMITER];
}

/** The lines that put the installer's copy of the report script and token in place (umask 077). */
export function installerCopy(setup: ReportSetup): string[] {
  return [
    'umask 077',
    `mkdir -p ${INSTALLER_REPORT_DIR}`,
    ...heredoc(`${INSTALLER_REPORT_DIR}/report-token`, `${setup.token}\n`),
    ...heredoc(`${INSTALLER_REPORT_DIR}/report`, setup.script),
  ];
}

/** `VAR=... VAR=... sh /tmp/bootforge/report PHASE MESSAGE` with the installer's copy. */
export function installerReport(setup: ReportSetup, phase: string, message: string): string {
  return [
    `BOOTFORGE_REPORT_URL=${shellQuote(setup.url)}`,
    `BOOTFORGE_REPORT_TOKEN_FILE=${INSTALLER_REPORT_DIR}/report-token`,
    shellCommand(['sh', `${INSTALLER_REPORT_DIR}/report`, phase]),
    message,
  ].join(' ');
}
