import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../inventory/load.js';

const examplesDir = path.resolve(import.meta.dirname, '../../examples');
const examples = readdirSync(examplesDir).filter((f) => f.endsWith('.yaml'));

describe('examples/', () => {
  it('holds the classic and the HA example', () => {
    expect(examples).toEqual(expect.arrayContaining(['classic.yaml', 'ha.yaml']));
  });

  it.each(examples)('%s validates with no errors and no warnings', async (name) => {
    const result = await loadInventory(path.join(examplesDir, name));
    expect(result.diagnostics).toEqual([]);
    expect(result.inventory).toBeDefined();
  });

  it('classic.yaml is the contract cluster: knode1 master, knode2-3 nodes, knode4 etcd', async () => {
    const { inventory } = await loadInventory(path.join(examplesDir, 'classic.yaml'));
    expect(inventory?.cluster).toMatchObject({ name: 'knodes', os: 'centos7', runtime: 'docker' });
    expect(inventory?.cluster.kubernetes.version).toBe('1.23.17');
    expect(inventory?.hosts.map((h) => [h.name, h.roles, h.ip, h.mac])).toEqual([
      ['knode1', ['master'], '10.0.0.11', '52:54:00:00:00:11'],
      ['knode2', ['node'], '10.0.0.12', '52:54:00:00:00:12'],
      ['knode3', ['node'], '10.0.0.13', '52:54:00:00:00:13'],
      ['knode4', ['etcd'], '10.0.0.14', '52:54:00:00:00:14'],
    ]);
  });

  it('ha.yaml: 3 etcd, >= 2 masters, several nodes, el9, containerd, current Kubernetes', async () => {
    const { inventory } = await loadInventory(path.join(examplesDir, 'ha.yaml'));
    const count = (role: string) => inventory?.hosts.filter((h) => h.roles.some((r) => r === role)).length;
    expect(count('etcd')).toBe(3);
    expect(count('master')).toBeGreaterThanOrEqual(2);
    expect(count('node')).toBeGreaterThanOrEqual(3);
    expect(inventory?.cluster).toMatchObject({ os: 'el9', runtime: 'containerd' });
    expect(Number(inventory?.cluster.kubernetes.version.split('.')[1])).toBeGreaterThanOrEqual(31);
    // MACs written with hyphens and Cisco dots come out normalised.
    expect(inventory?.hosts[1]?.mac).toBe('52:54:00:14:00:22');
    expect(inventory?.hosts[2]?.mac).toBe('52:54:00:14:00:23');
  });
});
