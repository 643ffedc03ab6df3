/**
 * A pool of host workers (synth/host-worker.ts). Each worker gets the plan and the PKI once and
 * then renders hosts by index; `run` keeps every worker busy (two hosts in flight each, so a
 * worker never waits for the main thread) and hands each result to `consume` one at a time; a
 * worker is given a new host only when one of its results has been consumed, which bounds memory
 * to a few hosts' files whatever the cluster's size and however slow the sink.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RenderedHost } from './render-planned-host.js';
import { deserializeError } from './worker-error.js';
import type { WorkerInit, WorkerReply } from './worker-protocol.js';

const WORKER_FILE = fileURLToPath(new URL('./host-worker.js', import.meta.url));
const IN_FLIGHT_PER_WORKER = 2;
/**
 * A host's render allocates a few MB of short-lived strings; with V8's default young generation
 * (16 MB semi-spaces at most) the scavenger ran several times per host. 96 MB (32 MB semi-spaces)
 * cut the render's CPU by 12-20% single-threaded for at most ~64 MB more per worker.
 */
const YOUNG_GENERATION_MB = 96;

/** False when running from TypeScript sources (tests): the workers need the compiled build. */
export function workersAvailable(): boolean {
  return existsSync(WORKER_FILE);
}

export async function runOnWorkers(
  size: number,
  init: WorkerInit,
  indices: readonly number[],
  consume: (rendered: RenderedHost) => Promise<void>,
  /** Called as each host is handed to a worker (tests watch the backpressure with it). */
  onSend?: (index: number) => void,
): Promise<void> {
  const workers = Array.from(
    { length: Math.min(size, indices.length) },
    () =>
      new Worker(WORKER_FILE, {
        workerData: init,
        resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      }),
  );
  let next = 0;
  let consuming: Promise<void> = Promise.resolve();
  try {
    await new Promise<void>((resolve, reject) => {
      let consumed = 0;
      let failed = false;
      const fail = (error: unknown): void => {
        if (failed) return;
        failed = true;
        reject(error);
      };
      const feed = (worker: Worker): void => {
        if (failed || next >= indices.length) return;
        const index = indices[next++]!;
        onSend?.(index);
        worker.postMessage({ index });
      };
      for (const worker of workers) {
        worker.on('message', (reply: WorkerReply) => {
          if ('error' in reply) return fail(deserializeError(reply.error));
          // The worker gets its next host only once this one is written: a writer slower than
          // the workers holds at most IN_FLIGHT_PER_WORKER hosts per worker, not a queue that
          // grows with the cluster.
          consuming = consuming.then(async () => {
            await consume(reply.rendered);
            if (++consumed === indices.length) resolve();
            else feed(worker);
          });
          consuming.catch(fail);
        });
        worker.on('error', fail);
        worker.on('exit', (code) => {
          if (code !== 0) fail(new Error(`a host worker exited with code ${code}`));
        });
        for (let i = 0; i < IN_FLIGHT_PER_WORKER; i++) feed(worker);
      }
      if (indices.length === 0) resolve();
    });
  } finally {
    await Promise.allSettled([consuming]);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
