/**
 * The install lifecycle on a host (contract.md "Install lifecycle"): where the report token, the
 * report URL and the report script live, so profiles (which write them) and generators (whose
 * installer hooks call them: kickstart %pre/%post/%onerror, cloud-init bootcmd/runcmd, Ignition's
 * first boot) agree. Generators find a host's reporting setup in its HostConfig files only.
 */
import type { HostConfig, InlineFile } from './host-config.js';
import { isRemote } from './host-config.js';
import type { OsFamily } from '../os/family.js';
import { osFamily } from '../os/registry.js';

/** The host's own report token (0600, secret): one line of 43 base64url characters. */
export const REPORT_TOKEN_PATH = '/etc/bootforge/report-token';
/** `BOOTFORGE_REPORT_URL=<bootServer>/report/<host>`, read by the report script. */
export const REPORT_ENV_PATH = '/etc/bootforge/report.env';
/**
 * `report PHASE MESSAGE [COMPONENTS_JSON]`: POSIX sh + curl, never fails its caller; in the OS
 * family's script directory (`/usr/local/libexec/bootforge/report` on most).
 */
export function reportScriptPath(family: Pick<OsFamily, 'scriptDir'>): string {
  return `${family.scriptDir}/report`;
}

export const REPORT_URL_VARIABLE = 'BOOTFORGE_REPORT_URL';

/** Reports `booted` on every boot (and, on Ignition's first boot, `installing` and `installed`). */
export const BOOTED_UNIT = 'bootforge-report-booted.service';
/** Waits for the host's role, then reports `ready` (or `failed`). */
export const READY_UNIT = 'bootforge-ready.service';
/** Set (to `ignition`) in the booted unit when the installer could not report by itself. */
export const FIRST_BOOT_REPORTS_VARIABLE = 'BOOTFORGE_FIRST_BOOT_REPORTS';

/** The phases a host reports, in order; `failed` may come at any time. */
export const REPORT_PHASES = ['installing', 'installed', 'booted', 'ready', 'failed'] as const;
export type ReportPhase = (typeof REPORT_PHASES)[number];

export function reportEnvFile(url: string): string {
  return `${REPORT_URL_VARIABLE}=${url}\n`;
}

export interface ReportSetup {
  url: string;
  token: string;
  /** The report script's text, for installer stages that run before it is on disk. */
  script: string;
  /** Where the script is on the host (reportScriptPath). */
  scriptPath: string;
}

function inlineFile(host: HostConfig, path: string): InlineFile | undefined {
  const file = host.files.find((f) => f.path === path);
  return file !== undefined && !isRemote(file) ? file : undefined;
}

/** The host's report URL and token, when its HostConfig lays them down; undefined otherwise. */
export function reportSetup(host: HostConfig): ReportSetup | undefined {
  const env = inlineFile(host, REPORT_ENV_PATH);
  const token = inlineFile(host, REPORT_TOKEN_PATH);
  const scriptPath = reportScriptPath(osFamily(host.os));
  const script = inlineFile(host, scriptPath);
  if (env === undefined || token === undefined || script === undefined) return undefined;
  const match = new RegExp(`^${REPORT_URL_VARIABLE}=(\\S+)$`, 'm').exec(env.content);
  if (match?.[1] === undefined) return undefined;
  return { url: match[1], token: token.content.trim(), script: script.content, scriptPath };
}
