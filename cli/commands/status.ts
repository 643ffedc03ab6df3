/**
 * `bootforge status URL|OUT [--json] [--watch]`: every host's install phase, from a running
 * serve (`GET URL/status`, answered to operator addresses) or from OUT and its state directory
 * on disk (no serve needed; what the last serve recorded).
 */
import { resolve as resolvePath } from 'node:path';
import { EXIT_FAILURE, EXIT_INVALID, EXIT_OK, UsageError, type Command } from '../command.js';
import { parseFlags, positionals } from '../args.js';
import { statusLines } from '../status-lines.js';
import { paint, type Terminal } from '../terminal.js';
import { LifecycleStateError } from '../../server/lifecycle/event-log.js';
import { defaultStateDir, NotAnOutError, offlineStatus } from '../../server/lifecycle/offline-state.js';
import type { StatusDocument } from '../../server/lifecycle/status-doc.js';

const USAGE = `Usage: bootforge status URL|OUT [options]

Show every host's install phase (pending, installing, installed, booted, ready, failed), grouped
by role, with a summary such as '7/10 ready, 1 failed'.

  URL   a running serve, e.g. http://127.0.0.1:8080 (GET URL/status; serve answers it to
        loopback and its --admin-allow networks only)
  OUT   a generated OUT: read its hosts and the state directory serve keeps beside it

Options:
  --json              print the /status JSON document instead
  --watch             print again whenever something changes (Ctrl-C stops)
  --interval SECONDS  how often --watch looks (default 2)
  --state DIR         the state directory of OUT (default: OUT.state, as serve)

Exit codes: 0 shown, 1 the server cannot be reached or refused, 2 bad arguments or not an OUT.
`;

class StatusUnavailable extends Error {}

function statusUrl(text: string): string {
  const url = new URL(text);
  if (url.pathname.endsWith('/status')) return url.toString();
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/status`;
  return url.toString();
}

async function fetchStatus(url: string): Promise<StatusDocument> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new StatusUnavailable(
      `cannot reach ${url}: ${cause ?? (error instanceof Error ? error.message : String(error))}`,
    );
  }
  const text = await res.text();
  if (!res.ok) throw new StatusUnavailable(`${url} answered ${res.status}: ${text.trim()}`);
  return JSON.parse(text) as StatusDocument;
}

export async function runStatus(args: string[], term: Terminal, stop: AbortSignal): Promise<number> {
  const { values, positionals: rest } = parseFlags(args, {
    json: { type: 'boolean' },
    watch: { type: 'boolean' },
    interval: { type: 'string' },
    state: { type: 'string' },
  });
  const [target = ''] = positionals(rest, ['URL|OUT']);
  const seconds = Number(values.interval ?? '2');
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new UsageError(`--interval '${values.interval ?? ''}': expected seconds > 0`);
  const isUrl = /^https?:\/\//i.test(target);
  if (isUrl && values.state !== undefined) throw new UsageError('--state goes with OUT, not with a URL');
  let read: () => Promise<StatusDocument>;
  if (isUrl) {
    let url: string;
    try {
      url = statusUrl(target);
    } catch {
      throw new UsageError(`'${target}' is not a URL`);
    }
    read = () => fetchStatus(url);
  } else {
    const outDir = resolvePath(term.cwd, target);
    const stateDir =
      values.state === undefined ? defaultStateDir(outDir) : resolvePath(term.cwd, values.state);
    read = () => offlineStatus(outDir, stateDir);
  }
  const show = (status: StatusDocument): string =>
    values.json ? `${JSON.stringify(status, null, 2)}\n` : statusLines(status, term);

  let last = '';
  for (;;) {
    let shown: string;
    try {
      shown = show(await read());
    } catch (error) {
      if (error instanceof NotAnOutError || error instanceof LifecycleStateError) {
        term.err(`${paint(term, 'red', 'error')}: ${error.message}\n`);
        return EXIT_INVALID;
      }
      if (!(error instanceof StatusUnavailable)) throw error;
      if (!values.watch) {
        term.err(`${paint(term, 'red', 'error')}: ${error.message}\n`);
        return EXIT_FAILURE;
      }
      shown = `${error.message}\n`;
    }
    if (shown !== last) {
      if (values.watch && last !== '') term.out(term.interactive ? '\u001b[H\u001b[2J' : '\n');
      term.out(shown);
      last = shown;
    }
    if (!values.watch || stop.aborted) return EXIT_OK;
    const aborted = await new Promise<boolean>((done) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        done(true);
      };
      const timer = setTimeout(() => {
        stop.removeEventListener('abort', onAbort);
        done(false);
      }, seconds * 1000);
      stop.addEventListener('abort', onAbort, { once: true });
    });
    if (aborted) return EXIT_OK;
  }
}

export const statusCommand: Command = {
  name: 'status',
  summary: "show every host's install phase, from a running serve or from OUT",
  usage: USAGE,
  run: (args, term) => {
    const controller = new AbortController();
    const abort = (): void => controller.abort();
    process.once('SIGINT', abort);
    process.once('SIGTERM', abort);
    return runStatus(args, term, controller.signal).finally(() => {
      process.off('SIGINT', abort);
      process.off('SIGTERM', abort);
    });
  },
};
