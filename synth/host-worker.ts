/**
 * A worker thread of synth(): renders the hosts it is asked for (by index into the plan) and
 * sends back each host's files with their manifest entries, or, given the OUT writer's tree,
 * writes the files there itself and sends back only the entries. The plan, PKI, formats, user
 * profiles, provenance and tree arrive once, as workerData. Errors travel back as data
 * (synth/worker-error.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FormattedFile } from '../emit/output-file.js';
import { TreeWriter } from '../emit/tree-writer.js';
import { GENERATORS } from '../generators/registry.js';
import { renderPlannedHost, type PlannedHostInput } from './render-planned-host.js';
import { serializeError } from './worker-error.js';
import type { WorkerInit, WorkerReply, WorkerRequest } from './worker-protocol.js';

const init = workerData as WorkerInit;
const tree = init.tree === undefined ? undefined : new TreeWriter(init.tree);
const input: PlannedHostInput = {
  plan: init.plan,
  pki: init.pki,
  formats: init.formats,
  generators: GENERATORS,
  ...(init.userProfiles ? { userProfiles: init.userProfiles } : {}),
  ...(init.provenance ? { provenance: init.provenance } : {}),
  ...(tree ? { writeFile: (file: FormattedFile) => tree.writeFile(file) } : {}),
};
const port = parentPort;
if (port === null) throw new Error('synth/host-worker.js runs as a worker thread only');

port.on('message', ({ index }: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    const host = input.plan.hosts[index];
    if (host === undefined) throw new Error(`no host at index ${index}`);
    const rendered = renderPlannedHost(input, host);
    reply = { index, rendered };
  } catch (error) {
    reply = { index, error: serializeError(error) };
  }
  port.postMessage(reply);
});
