/**
 * `bootforge serve OUT`: the HTTP(S) server booting machines talk to. Flag parsing, signals and
 * log streams live here; everything else is server/boot-server.ts.
 */
import { promises as fs } from 'node:fs';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { EXIT_FAILURE, EXIT_INVALID, EXIT_OK, UsageError, type Command } from '../command.js';
import { parseFlags, positionals } from '../args.js';
import { paint, type Terminal } from '../terminal.js';
import { createBootServer, defaultStateDir, type BootServer } from '../../server/boot-server.js';
import { LifecycleStateError } from '../../server/lifecycle/event-log.js';
import { StateBusyError } from '../../server/lifecycle/writer-lock.js';
import { parseCidr } from '../../server/operator-address.js';
import { bufferedSink } from '../../server/buffered-sink.js';
import {
  DEFAULT_ACCESS_LOG_KEEP,
  openAccessLogFile,
  parseLogSize,
  rotatingLog,
  type AccessLogFile,
} from '../../server/access-log-file.js';
import { SnapshotLoadError } from '../../server/load-snapshot.js';
import { runWorkers, untilStopped, type SignalSource } from './serve-workers.js';
import { listenMismatch } from '../../serving/listen-check.js';

const USAGE = `Usage: bootforge serve OUT [options]

Serve a generated OUT to booting machines over HTTP(S). OUT is loaded into memory at start and
checked against manifest.json; nothing is rendered at request time.

Options:
  --listen ADDR:PORT      where to listen (default 0.0.0.0:8080; [::]:8080 for IPv6)
  --assets DIR            serve DIR under /assets/ (kernels, initrds, install trees), with ranges
  --allow-any-source      serve a host's secret files to any address (default: only the host's IP)
  --one-shot              serve each secret file once, then 403 until re-armed
  --cert FILE --key FILE  serve HTTPS with this certificate and key (PEM)
  --poll SECONDS          how often to look for a regenerated OUT (default 1; 0: only on SIGHUP)
  --access-log FILE       write the JSON-lines access log to FILE (default, or -: stdout, e.g.
                          for journald); SIGHUP reopens FILE (rename it first, as logrotate does)
  --access-log-max-size SIZE
                          rotate FILE when it reaches SIZE (bytes, or 10M, 1G): FILE.1 ... FILE.N
  --access-log-keep N     rotated files to keep with --access-log-max-size (default ${DEFAULT_ACCESS_LOG_KEEP})
  --state DIR             install-lifecycle state: host reports, boot-once, reinstalls
                          (default: OUT.state beside OUT; append-only, fsync'd, one writer)
  --admin-allow CIDR      also answer /status and /ui to this network (repeatable; default:
                          loopback only; never to an inventory host's address)
  --workers N             serving processes sharing the socket (default: one per core when there
                          are several; 1: a single process). Shared state stays in one place.

Routes:
  /boot.ipxe                           the iPXE entry script (OUT/pxe/boot.ipxe)
  /hosts/<name>/<file>, /pxe/...       the static tree (never cluster/ or manifest.json)
  /hosts/<name>/vendor-data            NoCloud vendor-data (an empty #cloud-config when absent)
  /mac/<mac>/<file>, /<file>?mac=<mac> a host's file by MAC, any spelling (<file> = ipxe for its script)
  /<file>?host=<name>                  a host's file by name
  /self/<file>                         the file of the host whose inventory IP made the request
  /assets/<path>                       the --assets directory
  /healthz, /metrics                   health and Prometheus metrics
  POST /_bootforge/rearm[/<host>]      re-arm one-shot secrets (loopback only)
  POST /_bootforge/reload              reload OUT and re-arm (loopback only)
  POST /report/<host>                  a host reports its install phase (Bearer: its report token)
  GET /status, /ui                     install status as JSON, and a live page (operator addresses)
  POST /_bootforge/reinstall/<host>    re-arm a host's installer after boot-once (loopback only)

Boot once: after a host reports installed (or later), its per-MAC iPXE script, GRUB and
pxelinux entries boot its local disk, until 'bootforge reinstall OUT HOST'.

Secret files (manifest secret, or mode 0600) are served only to their host's inventory IP.
Signals: SIGTERM/SIGINT stop gracefully (exit 0); SIGHUP reopens the access log, reloads OUT and
re-arms one-shot secrets.
`;

export type { SignalSource } from './serve-workers.js';

export interface ListenAddress {
  host: string;
  port: number;
}

/** `ADDR:PORT`, `[v6]:PORT`, `:PORT` or `PORT`. */
export function parseListen(text: string): ListenAddress {
  const match =
    /^(\d+)$/.exec(text) ?? /^\[([0-9a-fA-F:.]+)\]:(\d+)$/.exec(text) ?? /^([^:]*):(\d+)$/.exec(text);
  const groups = match?.length === 2 ? ['', match[1]] : [match?.[1], match?.[2]];
  const host = groups[0] === '' || groups[0] === undefined ? '0.0.0.0' : groups[0];
  const port = Number(groups[1]);
  if (!match || !Number.isInteger(port) || port > 65535) {
    throw new UsageError(`--listen '${text}': expected ADDR:PORT, e.g. 0.0.0.0:8080`);
  }
  if (isIP(host) === 0 && host !== 'localhost')
    throw new UsageError(`--listen '${text}': '${host}' is not an IP address`);
  return { host, port };
}

/**
 * Warn (stderr) when the listen address contradicts the cluster.bootServer OUT was rendered for
 * (manifest.json records it): every script served would send booting machines elsewhere. An OUT
 * whose manifest cannot be read is left to the snapshot load, which says why.
 */
async function warnIfBootServerElsewhere(
  term: Terminal,
  outDir: string,
  listen: ListenAddress,
  shownListen: string,
  tls: boolean,
): Promise<void> {
  let bootServer: unknown;
  try {
    bootServer = (
      JSON.parse(await fs.readFile(join(outDir, 'manifest.json'), 'utf8')) as Record<string, unknown>
    )['bootServer'];
  } catch {
    return;
  }
  if (typeof bootServer !== 'string') return;
  const mismatch = listenMismatch(bootServer, listen, tls);
  if (mismatch === undefined) return;
  term.err(
    `${paint(term, 'yellow', 'warning')}: serve listens on ${shownListen} but cluster.bootServer is ${bootServer} ` +
      `(${mismatch.reasons.join('; ')}): every script in OUT points booting machines at ${bootServer}, not here\n` +
      `  hint: listen where cluster.bootServer says (--listen ${new URL(bootServer).port || (bootServer.startsWith('https') ? '443' : '80')} or its address), ` +
      'or change cluster.bootServer and generate again\n',
  );
}

function parsePoll(text: string | undefined): number {
  if (text === undefined) return 1000;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new UsageError(`--poll '${text}': expected seconds >= 0`);
  return Math.round(seconds * 1000);
}

/** --workers N (N >= 1); by default one per core when there is more than one. */
function parseWorkers(text: string | undefined): number {
  if (text === undefined) return defaultWorkers();
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1 || count > 256)
    throw new UsageError(`--workers '${text}': expected a whole number from 1 to 256`);
  return count;
}

export function defaultWorkers(): number {
  const cores = availableParallelism();
  return cores > 1 ? cores : 1;
}

async function readPem(path: string, flag: string): Promise<Buffer> {
  try {
    return await fs.readFile(path);
  } catch (error) {
    throw new UsageError(`${flag} ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function checkDirectory(path: string, flag: string): Promise<void> {
  const stat = await fs.stat(path).catch(() => undefined);
  if (!stat?.isDirectory()) throw new UsageError(`${flag} ${path}: not a directory`);
}

/** --access-log (absent or `-`: stdout), --access-log-max-size, --access-log-keep. */
function accessLogFlags(
  values: { 'access-log'?: string; 'access-log-max-size'?: string; 'access-log-keep'?: string },
  cwd: string,
): { logPath?: string; maxBytes?: number; keep: number } {
  const given = values['access-log'];
  const logPath = given === undefined || given === '-' ? undefined : resolvePath(cwd, given);
  const sizeText = values['access-log-max-size'];
  const keepText = values['access-log-keep'];
  if (logPath === undefined && (sizeText !== undefined || keepText !== undefined))
    throw new UsageError('--access-log-max-size and --access-log-keep rotate a file: give --access-log FILE');
  if (keepText !== undefined && sizeText === undefined)
    throw new UsageError('--access-log-keep goes with --access-log-max-size');
  const maxBytes = sizeText === undefined ? undefined : parseLogSize(sizeText);
  if (sizeText !== undefined && maxBytes === undefined)
    throw new UsageError(`--access-log-max-size '${sizeText}': expected bytes or a size such as 100M`);
  const keep = keepText === undefined ? DEFAULT_ACCESS_LOG_KEEP : Number(keepText);
  if (!Number.isInteger(keep) || keep < 1 || keep > 1000)
    throw new UsageError(`--access-log-keep '${keepText}': expected a whole number from 1 to 1000`);
  return {
    ...(logPath === undefined ? {} : { logPath }),
    ...(maxBytes === undefined ? {} : { maxBytes }),
    keep,
  };
}

export async function runServe(args: string[], term: Terminal, signals: SignalSource): Promise<number> {
  const { values, positionals: rest } = parseFlags(args, {
    listen: { type: 'string' },
    assets: { type: 'string' },
    'allow-any-source': { type: 'boolean' },
    'one-shot': { type: 'boolean' },
    cert: { type: 'string' },
    key: { type: 'string' },
    poll: { type: 'string' },
    'access-log': { type: 'string' },
    'access-log-max-size': { type: 'string' },
    'access-log-keep': { type: 'string' },
    state: { type: 'string' },
    'admin-allow': { type: 'string', multiple: true },
    workers: { type: 'string' },
  });
  const [outArg = ''] = positionals(rest, ['OUT']);
  const listen = parseListen(values.listen ?? '0.0.0.0:8080');
  const pollIntervalMs = parsePoll(values.poll);
  const workers = parseWorkers(values.workers);
  if ((values.cert === undefined) !== (values.key === undefined))
    throw new UsageError('--cert and --key go together');
  const outDir = resolvePath(term.cwd, outArg);
  await checkDirectory(outDir, 'OUT');
  const adminAllow = values['admin-allow'] ?? [];
  for (const cidr of adminAllow) {
    try {
      parseCidr(cidr);
    } catch (error) {
      throw new UsageError(`--admin-allow ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const stateDir = values.state === undefined ? defaultStateDir(outDir) : resolvePath(term.cwd, values.state);
  const assetsDir = values.assets === undefined ? undefined : resolvePath(term.cwd, values.assets);
  if (assetsDir !== undefined) await checkDirectory(assetsDir, '--assets');
  const tls =
    values.cert !== undefined && values.key !== undefined
      ? {
          cert: await readPem(resolvePath(term.cwd, values.cert), '--cert'),
          key: await readPem(resolvePath(term.cwd, values.key), '--key'),
        }
      : undefined;

  const { logPath, maxBytes, keep } = accessLogFlags(values, term.cwd);
  let logFile: AccessLogFile | undefined;
  if (logPath !== undefined) {
    // Open it now, so a bad path is a usage error (exit 2), not a crash on the first request.
    try {
      logFile = openAccessLogFile(logPath, (message) => term.err(`${message}\n`));
    } catch (error) {
      throw new UsageError(
        `--access-log ${logPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
  }
  await warnIfBootServerElsewhere(term, outDir, listen, values.listen ?? '0.0.0.0:8080', tls !== undefined);
  if (workers > 1) {
    return runWorkers(term, signals, {
      workers,
      outDir,
      outArg,
      listen,
      pollIntervalMs,
      allowAnySource: values['allow-any-source'] ?? false,
      oneShot: values['one-shot'] ?? false,
      stateDir,
      adminAllow: [...adminAllow],
      logFile,
      accessLogKeep: keep,
      ...(logPath === undefined ? {} : { accessLog: logPath }),
      ...(maxBytes === undefined ? {} : { accessLogMaxBytes: maxBytes }),
      ...(assetsDir === undefined ? {} : { assetsDir }),
      ...(tls === undefined
        ? {}
        : { tls: { cert: tls.cert.toString('utf8'), key: tls.key.toString('utf8') } }),
    });
  }
  const file = logFile && rotatingLog(logFile, maxBytes, keep, (message) => term.err(`${message}\n`));
  const log = bufferedSink(file ? (chunk) => file.write(chunk) : (chunk) => term.out(chunk));

  let server: BootServer;
  try {
    server = await createBootServer({
      outDir,
      pollIntervalMs,
      log: log.sink,
      allowAnySource: values['allow-any-source'] ?? false,
      oneShot: values['one-shot'] ?? false,
      stateDir,
      adminAllow,
      ...(assetsDir === undefined ? {} : { assetsDir }),
      ...(tls === undefined ? {} : { tls }),
    });
  } catch (error) {
    file?.close();
    if (error instanceof LifecycleStateError || error instanceof StateBusyError) {
      term.err(`${paint(term, 'red', 'error')}: install-lifecycle state ${stateDir}: ${error.message}\n`);
      term.err('  hint: give another directory with --state DIR, or stop the serve that uses it\n');
      return EXIT_INVALID;
    }
    if (error instanceof SnapshotLoadError) {
      term.err(`${paint(term, 'red', 'error')}: ${outArg} is not a servable OUT: ${error.message}\n`);
      term.err(
        `  hint: run 'bootforge generate INVENTORY -o ${outArg}' first, or point serve at its output\n`,
      );
      return EXIT_INVALID;
    }
    throw error;
  }
  try {
    const address = await server.listen(listen.host, listen.port);
    const scheme = tls ? 'https' : 'http';
    const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    const snapshot = server.snapshot();
    term.err(
      `bootforge serve: ${scheme}://${shown}:${address.port}/ serving ${outArg} ` +
        `(${snapshot.hosts.size} hosts, ${snapshot.files.size} files, state ${server.stateDir}` +
        `${values['one-shot'] ? ', one-shot secrets' : ''}${values['allow-any-source'] ? ', secrets to any source' : ''})\n`,
    );
  } catch (error) {
    await server.close();
    file?.close();
    term.err(
      `${paint(term, 'red', 'error')}: cannot listen on ${values.listen ?? '0.0.0.0:8080'}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return EXIT_FAILURE;
  }

  await untilStopped(
    signals,
    () => {
      // Lines before the SIGHUP go to the file that was renamed; the rest to the new one.
      log.flush();
      file?.reopen();
      void server.reload('SIGHUP').then((result) => {
        if (result.ok) void server.rearm();
      });
    },
    () => {
      term.err('bootforge serve: stopping (finishing requests in flight)\n');
      return server.close();
    },
  );
  log.flush();
  file?.close();
  term.err('bootforge serve: stopped\n');
  return EXIT_OK;
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve a generated OUT to booting machines over HTTP(S)',
  usage: USAGE,
  run: (args, term) => runServe(args, term, process),
};
