/**
 * `bootforge serve OUT`: the HTTP(S) server booting machines talk to. Flag parsing, signals and
 * log streams live here; everything else is server/boot-server.ts.
 */
import { createWriteStream, promises as fs, type WriteStream } from 'node:fs';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { resolve as resolvePath } from 'node:path';
import { EXIT_FAILURE, EXIT_INVALID, EXIT_OK, UsageError, type Command } from '../command.js';
import { parseFlags, positionals } from '../args.js';
import { paint, type Terminal } from '../terminal.js';
import { createBootServer, defaultStateDir, type BootServer } from '../../server/boot-server.js';
import { LifecycleStateError } from '../../server/lifecycle/event-log.js';
import { StateBusyError } from '../../server/lifecycle/writer-lock.js';
import { parseCidr } from '../../server/operator-address.js';
import { bufferedSink } from '../../server/buffered-sink.js';
import { SnapshotLoadError } from '../../server/load-snapshot.js';
import { runWorkers, untilStopped, type SignalSource } from './serve-workers.js';

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
  --access-log FILE       write the JSON-lines access log to FILE (default: stdout)
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
Signals: SIGTERM/SIGINT stop gracefully (exit 0); SIGHUP reloads OUT and re-arms one-shot secrets.
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

  let logFile: WriteStream | undefined;
  if (values['access-log'] !== undefined) {
    const logPath = resolvePath(term.cwd, values['access-log']);
    // Open it now, so a bad path is a usage error (exit 2), not a crash on the first request.
    const handle = await fs.open(logPath, 'a', 0o640).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`--access-log ${logPath}: ${error.code ?? error.message}`);
    });
    // The stream owns the handle (a bare fd would be closed when the FileHandle is collected).
    logFile = createWriteStream(logPath, { fd: handle, flags: 'a' });
    logFile.on('error', (error) => term.err(`access log ${logPath}: ${error.message}\n`));
  }
  if (workers > 1) {
    const logPath =
      values['access-log'] === undefined ? undefined : resolvePath(term.cwd, values['access-log']);
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
      ...(logPath === undefined ? {} : { accessLog: logPath }),
      ...(assetsDir === undefined ? {} : { assetsDir }),
      ...(tls === undefined
        ? {}
        : { tls: { cert: tls.cert.toString('utf8'), key: tls.key.toString('utf8') } }),
    });
  }
  const file = logFile;
  const log = bufferedSink(file ? (chunk) => void file.write(chunk) : (chunk) => term.out(chunk));

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
    logFile?.end();
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
    logFile?.end();
    term.err(
      `${paint(term, 'red', 'error')}: cannot listen on ${values.listen ?? '0.0.0.0:8080'}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return EXIT_FAILURE;
  }

  await untilStopped(
    signals,
    () => {
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
  if (logFile) await new Promise<void>((done) => logFile.end(done));
  term.err('bootforge serve: stopped\n');
  return EXIT_OK;
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve a generated OUT to booting machines over HTTP(S)',
  usage: USAGE,
  run: (args, term) => runServe(args, term, process),
};
