/**
 * The host workers' backpressure (compiled build: the workers are compiled files). A worker is
 * handed a new host only when one of its results has been consumed, so a sink slower than the
 * workers holds a bounded number of rendered hosts, not a queue that grows with the cluster.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { runOnWorkers as RunOnWorkers } from '../../synth/host-workers.js';
import { syntheticPlan } from '../../bench/synthetic-cluster.js';
import { fakePki } from '../profiles/fixtures.js';

const repo = path.resolve(import.meta.dirname, '../..');

describe('runOnWorkers', () => {
  it('hands a worker a new host only after one of its results was consumed', async () => {
    const compiled = path.join(repo, 'dist/synth/host-workers.js');
    const { runOnWorkers } = (await import(compiled)) as { runOnWorkers: typeof RunOnWorkers };
    const plan = syntheticPlan({ nodes: 24, keyAlgorithm: 'ecdsa', kubeletCredentials: 'bootstrap' });
    const indices = plan.hosts.map((_, i) => i);
    let sent = 0;
    let consumed = 0;
    let mostAhead = 0;
    const hosts: string[] = [];
    await runOnWorkers(
      2,
      { plan, pki: fakePki(plan), formats: ['cloud-init'] },
      indices,
      async (rendered) => {
        mostAhead = Math.max(mostAhead, sent - consumed);
        hosts.push(rendered.host);
        // A slow sink: rendering one host takes far less than this.
        await new Promise((resolve) => setTimeout(resolve, 40));
        consumed++;
      },
      () => sent++,
    );
    expect(hosts.sort()).toEqual(plan.hosts.map((h) => h.name).sort());
    // Two workers, two hosts in flight each.
    expect(mostAhead).toBeLessThanOrEqual(4);
  });
});
