/**
 * A synthetic cluster of any size for benchmarks, through the real inventory loader and planner:
 * one master, one etcd member and N nodes on 10.0.0.0/16.
 */
import { dump } from 'js-yaml';
import { parseInventory } from '../inventory/load.js';
import type { KeyAlgorithm, KubeletCredentials } from '../inventory/model.js';
import type { ClusterPlan } from '../plan/model.js';
import { planCluster } from '../plan/plan-cluster.js';

export interface SyntheticOptions {
  nodes: number;
  keyAlgorithm?: KeyAlgorithm;
  kubeletCredentials?: KubeletCredentials;
}

function host(name: string, roles: string[], index: number): Record<string, unknown> {
  const hex = (n: number): string => n.toString(16).padStart(2, '0');
  return {
    name,
    roles,
    ip: `10.0.${Math.floor(index / 250) + 1}.${(index % 250) + 1}`,
    mac: `52:54:00:${hex((index >> 16) & 0xff)}:${hex((index >> 8) & 0xff)}:${hex(index & 0xff)}`,
  };
}

export function syntheticInventoryText(options: SyntheticOptions): string {
  const hosts = [
    host('master1', ['master'], 0),
    host('etcd1', ['etcd'], 1),
    ...Array.from({ length: options.nodes }, (_, i) =>
      host(`node${String(i + 1).padStart(4, '0')}`, ['node'], i + 2),
    ),
  ];
  return dump({
    version: 1,
    cluster: {
      name: 'bench',
      os: 'el9',
      runtime: 'containerd',
      kubernetes: {
        version: '1.31.4',
        serviceCIDR: '10.96.0.0/12',
        podCIDR: '10.128.0.0/9',
        kubeletCredentials: options.kubeletCredentials ?? 'static',
      },
      network: { cidr: '10.0.0.0/16', gateway: '10.0.0.1', nameservers: ['10.0.0.1'] },
      bootServer: 'http://10.0.0.2:8080',
      ssh: {
        authorizedKeys: [
          'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILfe2CYNLNY/fsKUPymOhid64Ez+hFpBW3wxOfA+9ejq bench',
        ],
      },
      pki: { keyAlgorithm: options.keyAlgorithm ?? 'rsa' },
    },
    hosts,
  });
}

export function syntheticPlan(options: SyntheticOptions): ClusterPlan {
  const result = parseInventory(syntheticInventoryText(options), 'bench.yaml');
  if (!result.inventory) {
    throw new Error(
      `synthetic inventory rejected: ${result.diagnostics.map((d) => `${d.path} ${d.message}`).join('; ')}`,
    );
  }
  return planCluster(result.inventory);
}
