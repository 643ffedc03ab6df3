/**
 * `bootforge serve --workers N` (N > 1): the primary's side of the command. The workers serve;
 * this process holds the shared state, takes the signals (SIGHUP makes every process reopen the
 * access log, then reloads every worker and re-arms one-shot secrets; SIGTERM/SIGINT stop them all
 * gracefully) and prints where they listen.
 */
import { EXIT_FAILURE, EXIT_INVALID, EXIT_OK } from '../command.js';
import { paint, type Terminal } from '../terminal.js';
import type { AccessLogFile } from '../../server/access-log-file.js';
import { startCluster, type ClusterOptions, type ClusterServer } from '../../server/cluster/primary.js';
import { LifecycleStateError } from '../../server/lifecycle/event-log.js';
import { StateBusyError } from '../../server/lifecycle/writer-lock.js';
import { SnapshotLoadError } from '../../server/load-snapshot.js';

/** Where the process's signals come from; tests hand in an EventEmitter. */
export interface SignalSource {
  on(signal: 'SIGTERM' | 'SIGINT' | 'SIGHUP', handler: () => void): unknown;
  off(signal: 'SIGTERM' | 'SIGINT' | 'SIGHUP', handler: () => void): unknown;
}

export interface WorkersRun extends Omit<ClusterOptions, 'log' | 'reopenLog'> {
  outArg: string;
  /** The access log, opened by the command already (the primary's events go there too). */
  logFile: AccessLogFile | undefined;
}

/**
 * Waits for SIGTERM or SIGINT, then runs `stop` (stop listening, finish requests in flight) and
 * resolves when it is done; SIGHUP calls `hangup` meanwhile. Both serve modes wait this way.
 */
export function untilStopped(
  signals: SignalSource,
  hangup: () => void,
  stop: () => Promise<unknown>,
): Promise<void> {
  return new Promise<void>((stopped) => {
    const onStop = (): void => {
      signals.off('SIGTERM', onStop);
      signals.off('SIGINT', onStop);
      signals.off('SIGHUP', hangup);
      void stop().then(() => stopped());
    };
    signals.on('SIGTERM', onStop);
    signals.on('SIGINT', onStop);
    signals.on('SIGHUP', hangup);
  });
}

export async function runWorkers(term: Terminal, signals: SignalSource, run: WorkersRun): Promise<number> {
  const { outArg, logFile, ...options } = run;
  const log = (line: string): void => {
    if (logFile) logFile.write(line);
    else term.out(line);
  };
  const closeLog = (): Promise<void> => {
    logFile?.close();
    return Promise.resolve();
  };
  let cluster: ClusterServer;
  try {
    cluster = await startCluster({
      ...options,
      log,
      ...(logFile === undefined ? {} : { reopenLog: () => logFile.reopen() }),
    });
  } catch (error) {
    await closeLog();
    if (error instanceof LifecycleStateError || error instanceof StateBusyError) {
      term.err(
        `${paint(term, 'red', 'error')}: install-lifecycle state ${options.stateDir}: ${error.message}\n`,
      );
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
    term.err(
      `${paint(term, 'red', 'error')}: cannot serve on ${options.listen.host}:${options.listen.port}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return EXIT_FAILURE;
  }
  const scheme = options.tls ? 'https' : 'http';
  const { address } = cluster;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  term.err(
    `bootforge serve: ${scheme}://${shown}:${address.port}/ serving ${outArg} ` +
      `(${cluster.hosts} hosts, ${cluster.files} files, ${options.workers} workers, state ${options.stateDir}` +
      `${options.oneShot ? ', one-shot secrets' : ''}${options.allowAnySource ? ', secrets to any source' : ''})\n`,
  );
  await untilStopped(
    signals,
    () => {
      // Every process reopens the access log (renamed by logrotate), then every worker reloads.
      void cluster.reopenLogs().then(() => cluster.reload('SIGHUP', true));
    },
    () => {
      term.err('bootforge serve: stopping (workers finish requests in flight)\n');
      return cluster.close();
    },
  );
  await closeLog();
  term.err('bootforge serve: stopped\n');
  return EXIT_OK;
}
