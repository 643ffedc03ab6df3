/**
 * A pool of host workers (synth/host-worker.ts). Each worker gets the plan and the PKI once and
 * then renders hosts by index; `run` keeps every worker busy (two hosts in flight each, so a
 * worker never waits for the main thread) and hands each result to `consume` one at a time,
 * which bounds memory to a few hosts' files whatever the cluster's size.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RenderedHost } from './render-planned-host.js';
import { deserializeError } from './worker-error.js';
import type { WorkerInit, WorkerReply } from './worker-protocol.js';

const WORKER_FILE = fileURLToPath(new URL('./host-worker.js', import.meta.url));
const IN_FLIGHT_PER_WORKER = 2;

/** False when running from TypeScript sources (tests): the workers need the compiled build. */
export function workersAvailable(): boolean {
  return existsSync(WORKER_FILE);
}

export async function runOnWorkers(
  size: number,
  init: WorkerInit,
  indices: readonly number[],
  consume: (rendered: RenderedHost) => Promise<void>,
): Promise<void> {
  const workers = Array.from(
    { length: Math.min(size, indices.length) },
    () => new Worker(WORKER_FILE, { workerData: init }),
  );
  let next = 0;
  let consuming: Promise<void> = Promise.resolve();
  try {
    await new Promise<void>((resolve, reject) => {
      let outstanding = 0;
      let failed = false;
      const fail = (error: unknown): void => {
        if (failed) return;
        failed = true;
        reject(error);
      };
      const feed = (worker: Worker): void => {
        if (failed || next >= indices.length) return;
        outstanding++;
        worker.postMessage({ index: indices[next++] });
      };
      for (const worker of workers) {
        worker.on('message', (reply: WorkerReply) => {
          outstanding--;
          if ('error' in reply) return fail(deserializeError(reply.error));
          feed(worker);
          consuming = consuming.then(() => consume(reply.rendered));
          consuming.catch(fail);
          if (outstanding === 0 && next >= indices.length) consuming.then(resolve, fail);
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
