/**
 * The entry of one `serve --workers` worker (forked by server/cluster/primary.ts): waits for its
 * options over IPC, serves with the shared state reached through the primary, reports where it
 * listens, and stops when the primary says so (or goes away). Terminal signals go to the
 * primary, which coordinates: a worker ignores SIGINT and SIGHUP; SIGTERM stops only this worker.
 */
import { openAccessLogFile } from '../access-log-file.js';
import { createBootServer, type BootServer } from '../boot-server.js';
import { bufferedSink } from '../buffered-sink.js';
import { describe, isClusterMessage, type ClusterMessage } from './messages.js';
import type { WorkerOptions } from './primary.js';
import { snapshotDigest } from './snapshot-digest.js';
import { WorkerBus } from './worker-bus.js';
import { lineChunks } from './line-chunks.js';
import { METHODS } from './worker-link.js';

const send = (message: ClusterMessage): void => void process.send?.(message);

interface WorkerLog {
  write(chunk: string): void;
  end(): Promise<void>;
}

/**
 * The access log as this worker writes it: to stdout, or appended to the file, which the primary
 * alone renames (SIGHUP, size rotation); this worker reopens it when told, and asks for a
 * rotation when the file has reached the size (one question at a time).
 */
function openLog(options: WorkerOptions, bus: WorkerBus): WorkerLog {
  const path = options.accessLog;
  if (path === undefined) {
    // Several workers share stdout: writes of whole lines up to PIPE_BUF never interleave.
    return {
      write: (chunk) => {
        for (const piece of lineChunks(chunk)) process.stdout.write(piece);
      },
      end: () => Promise.resolve(),
    };
  }
  // O_APPEND, one write(2) per batch: every worker's batch lands whole at the end of the file.
  const file = openAccessLogFile(path, (message) => process.stderr.write(`${message}\n`));
  bus.client.answer(METHODS.logReopen, () => {
    file.reopen();
    return null;
  });
  const max = options.accessLogMaxBytes;
  let asking = false;
  return {
    write(chunk) {
      file.write(chunk);
      if (max === undefined || asking || file.size() < max) return;
      asking = true;
      void bus.client
        .call(METHODS.logRotate)
        .catch(() => undefined)
        .finally(() => (asking = false));
    },
    end: () => {
      file.close();
      return Promise.resolve();
    },
  };
}

async function serve(options: WorkerOptions, bus: WorkerBus): Promise<void> {
  const file = openLog(options, bus);
  const log = bufferedSink((chunk) => file.write(chunk));
  let server: BootServer;
  try {
    server = await createBootServer({
      outDir: options.outDir,
      allowAnySource: options.allowAnySource,
      oneShot: options.oneShot,
      stateDir: options.stateDir,
      adminAllow: options.adminAllow,
      pollIntervalMs: 0,
      log: log.sink,
      worker: { client: bus.client, generation: options.generation },
      ...(options.assetsDir === undefined ? {} : { assetsDir: options.assetsDir }),
      ...(options.tls === undefined ? {} : { tls: options.tls }),
    });
  } catch (error) {
    send({ bf: 'failed', reason: describe(error), usage: false });
    process.exit(1);
  }
  let stopping: Promise<void> | undefined;
  stop = (): Promise<void> =>
    (stopping ??= server.close().then(async () => {
      log.flush();
      await file.end();
      process.exit(0);
    }));
  try {
    const address = await server.listen(options.listen.host, options.listen.port);
    send({
      bf: 'ready',
      port: address.port,
      address: address.address,
      family: address.family,
      digest: snapshotDigest(server.snapshot()),
    });
  } catch (error) {
    send({ bf: 'failed', reason: describe(error), usage: false });
    await server.close();
    process.exit(1);
  }
}

/** Replaced by a graceful close once the server runs; before that there is nothing to finish. */
let stop = (): Promise<void> => {
  process.exit(0);
};
process.on('SIGINT', () => undefined);
process.on('SIGHUP', () => undefined);
process.on('SIGTERM', () => void stop());
process.on('disconnect', () => void stop());
process.on('message', (message) => {
  if (isClusterMessage(message) && message.bf === 'shutdown') void stop();
});
const bus = new WorkerBus(process);
process.on('message', function onStart(message) {
  if (!isClusterMessage(message) || message.bf !== 'start') return;
  process.off('message', onStart);
  void serve(message.options as unknown as WorkerOptions, bus);
});
send({ bf: 'hello' });
