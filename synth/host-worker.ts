/**
 * A worker thread of synth(): renders the hosts it is asked for (by index into the plan) and
 * sends back each host's files with their manifest entries. The plan, PKI, formats and user
 * profiles arrive once, as workerData. Errors travel back as data (synth/worker-error.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { GENERATORS } from '../generators/registry.js';
import { renderPlannedHost, type PlannedHostInput } from './render-planned-host.js';
import { serializeError } from './worker-error.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './worker-protocol.js';

const init = workerData as WorkerInit;
const input: PlannedHostInput = {
  plan: init.plan,
  pki: init.pki,
  formats: init.formats,
  generators: GENERATORS,
  ...(init.userProfiles ? { userProfiles: init.userProfiles } : {}),
};
const port = parentPort;
if (port === null) throw new Error('synth/host-worker.js runs as a worker thread only');

port.on('message', ({ index }: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    const host = input.plan.hosts[index];
    if (host === undefined) throw new Error(`no host at index ${index}`);
    reply = { index, rendered: renderPlannedHost(input, host) };
  } catch (error) {
    reply = { index, error: serializeError(error) };
  }
  port.postMessage(reply);
});
