/**
 * Safe defaults (issue 12.4): an inventory that gives only the required keys (and an SSH key) gets
 * no warning from bootforge about bootforge's own defaults, from validation or from any format,
 * for every OS and runtime.
 */
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../../inventory/load.js';
import { planCluster } from '../../plan/plan-cluster.js';
import { placeholderPki } from '../../profiles/preflight.js';
import { synth } from '../../synth/synth.js';

function minimal(os: string, runtime: string, version: string): string {
  return `version: 1
cluster:
  name: minimal
  os: ${os}
  runtime: ${runtime}
  kubernetes: { version: "${version}", serviceCIDR: 10.96.0.0/12, podCIDR: 10.244.0.0/16 }
  network: { cidr: 10.0.0.0/24, gateway: 10.0.0.1, nameservers: [10.0.0.1] }
  bootServer: http://10.0.0.2:8080
  ssh:
    authorizedKeys:
      - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILfe2CYNLNY/fsKUPymOhid64Ez+hFpBW3wxOfA+9ejq admin@example
hosts:
  - { name: m1, roles: [master], ip: 10.0.0.11, mac: "52:54:00:00:00:11" }
  - { name: n1, roles: [node], ip: 10.0.0.12, mac: "52:54:00:00:00:12" }
  - { name: e1, roles: [etcd], ip: 10.0.0.13, mac: "52:54:00:00:00:13" }
`;
}

describe.each([
  ['centos7', 'docker', '1.23.17'],
  ['el9', 'containerd', '1.34.2'],
  ['el9', 'docker', '1.30.14'],
])('only the required keys: %s, %s, Kubernetes %s', (os, runtime, version) => {
  it('validates and renders every default format without a single warning', async () => {
    const { inventory, diagnostics } = parseInventory(minimal(os, runtime, version), 'minimal.yaml');
    expect(diagnostics).toEqual([]);
    const plan = planCluster(inventory!);
    const result = await synth(plan, placeholderPki(plan));
    expect(result.diagnostics).toEqual([]);
  });
});
