/**
 * Validation does not check ranges against docker's default bridge 172.17.0.0/16, because docker0
 * never keeps it on a bootforge host: docker runs only where flanneld runs, and flanneld hands
 * dockerd --bip (inventory/rules/networks.ts). This test keeps that premise true if roles change.
 */
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../../inventory/load.js';
import { planCluster } from '../../plan/plan-cluster.js';
import { hostComponents } from '../../profiles/roles.js';
import { randomCluster } from './random-cluster.js';

describe("docker0 never keeps docker's default bridge", () => {
  it('every host that runs docker also runs flanneld (random docker clusters, all Kubernetes minors)', () => {
    let dockerHosts = 0;
    for (let seed = 1; seed <= 400 && dockerHosts < 500; seed++) {
      const { document } = randomCluster(seed);
      const cluster = document['cluster'] as Record<string, unknown>;
      if (cluster['runtime'] !== 'docker') continue;
      const { inventory } = parseInventory(dump(document), 'r.yaml');
      if (!inventory) throw new Error(`seed ${seed} did not validate`);
      const plan = planCluster(inventory);
      for (const host of plan.hosts) {
        const components = hostComponents(plan, host);
        if (!components.includes('docker')) continue;
        dockerHosts++;
        expect(components, `seed ${seed} ${host.name}`).toContain('flanneld');
      }
    }
    expect(dockerHosts).toBeGreaterThan(100);
  });
});
