/**
 * cluster.labels and hosts[].labels reach the Nodes (issue 13.1): the ones a kubelet may set on
 * its own Node through --node-labels, the ones NodeRestriction forbids it through a unit on the
 * bootstrapping master; `plan` shows both; a changed label changes the output.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseInventory } from '../../inventory/load.js';
import { formatPlan } from '../../plan/format-plan.js';
import { kubeletMaySet, nodeLabels } from '../../plan/node-labels.js';
import { planCluster } from '../../plan/plan-cluster.js';
import { planToJson } from '../../plan/plan-json.js';
import type { ClusterPlan } from '../../plan/model.js';
import { buildHostConfig } from '../../profiles/build-host-config.js';
import type { HostConfig, InlineFile } from '../../host/host-config.js';
import { synth } from '../../synth/synth.js';
import { classicPlan, fakePki } from './fixtures.js';

const ha = readFileSync(path.resolve(import.meta.dirname, '../../examples/ha.yaml'), 'utf8');

function plan(text: string): ClusterPlan {
  const { inventory, diagnostics } = parseInventory(text, 'ha.yaml');
  if (!inventory) throw new Error(diagnostics.map((d) => d.message).join('\n'));
  return planCluster(inventory);
}

function config(p: ClusterPlan, host: string): HostConfig {
  const h = p.hosts.find((x) => x.name === host);
  if (!h) throw new Error(host);
  return buildHostConfig(p, h, fakePki(p));
}

function file(c: HostConfig, suffix: string): string | undefined {
  return (c.files.find((f) => f.path.endsWith(suffix)) as InlineFile | undefined)?.content;
}

function kubeletUnit(c: HostConfig): string {
  return c.units.find((u) => u.name === 'kubelet.service')?.contents ?? '';
}

describe('which labels a kubelet may set on its own Node (NodeRestriction)', () => {
  it.each([
    ['node-role.kubernetes.io/worker', false],
    ['node-role.kubernetes.io/control-plane', false],
    ['node-restriction.kubernetes.io/pci', false],
    ['eu.node-restriction.kubernetes.io/pci', false],
    ['kubernetes.io/role', false],
    ['k8s.io/anything', false],
    ['example.k8s.io/anything', false],
    ['kubernetes.io/hostname', true],
    ['kubernetes.io/arch', true],
    ['beta.kubernetes.io/instance-type', true],
    ['topology.kubernetes.io/region', true],
    ['topology.kubernetes.io/zone', true],
    ['failure-domain.beta.kubernetes.io/zone', true],
    ['node.kubernetes.io/instance-type', true],
    ['node.kubernetes.io/anything', true],
    ['gpu.node.kubernetes.io/model', true],
    ['kubelet.kubernetes.io/anything', true],
    ['example.com/gpu', true],
    ['rack', true],
  ])('%s: %s', (key, allowed) => {
    expect(kubeletMaySet(key)).toBe(allowed);
  });

  it("merges cluster and host labels, the host's value winning, sorted", () => {
    expect(nodeLabels({ b: '1', 'node-role.kubernetes.io/x': '', a: 'c' }, { a: 'h' })).toEqual({
      kubelet: { a: 'h', b: '1' },
      restricted: { 'node-role.kubernetes.io/x': '' },
    });
  });
});

describe('examples/ha.yaml: labels reach the Nodes', () => {
  const p = plan(ha);

  it("worker4's kubelet registers with the labels it may set, and only those", () => {
    const unit = kubeletUnit(config(p, 'worker4'));
    expect(unit).toContain('--node-labels=example.com/gpu=true,topology.kubernetes.io/region=eu1');
    expect(unit).not.toContain('node-role');
  });

  it('the bootstrapping master labels every worker with node-role.kubernetes.io/worker once it registers', () => {
    const master1 = config(p, 'master1');
    const script = file(master1, '/k8s-node-labels.sh') ?? '';
    for (const w of ['worker1', 'worker2', 'worker3', 'worker4'])
      expect(script).toContain(`label ${w} node-role.kubernetes.io/worker= || pending=1`);
    expect(script).toContain('--kubeconfig=/etc/kubernetes/admin.conf');
    expect(script).toContain('label node "$node" --overwrite "$@"');
    const unit = master1.units.find((u) => u.name === 'k8s-node-labels.service')?.contents ?? '';
    expect(unit).toMatch(/^Type=simple$/m);
    expect(unit).toMatch(/^Restart=on-failure$/m);
    expect(unit).toMatch(/^ConditionPathExists=!\/var\/lib\/bootforge\/node-labels-[0-9a-f]{16}\.done$/m);
    // Every master bootstraps (idempotently); no worker runs it.
    expect(config(p, 'master2').units.map((u) => u.name)).toContain('k8s-node-labels.service');
    for (const other of ['worker4'])
      expect(config(p, other).units.map((u) => u.name)).not.toContain('k8s-node-labels.service');
  });

  it('a master without the node role gets no --node-labels (it has no kubelet)', () => {
    expect(p.hosts.find((h) => h.name === 'master1')?.labels).toEqual({ kubelet: {}, restricted: {} });
  });

  it('plan shows every label and who sets it, text and JSON', () => {
    const text = formatPlan(p);
    expect(text).toMatch(/^ {2}worker4 +example\.com\/gpu=true +kubelet --node-labels$/m);
    expect(text).toMatch(/^ {2}worker1 +node-role\.kubernetes\.io\/worker= +master1 \(kubectl label/m);
    const worker4 = planToJson(p).hosts.find((h) => h.name === 'worker4');
    expect(worker4?.labels).toEqual({
      kubelet: { 'example.com/gpu': 'true', 'topology.kubernetes.io/region': 'eu1' },
      bootstrap: { 'node-role.kubernetes.io/worker': '' },
    });
  });
});

describe('changing a label changes the output', () => {
  async function out(text: string): Promise<Map<string, string>> {
    const p = plan(text);
    const { files } = await synth(p, fakePki(p), { formats: ['cloud-init'] });
    return new Map(files.map((f) => [f.path, Buffer.from(f.content).toString('base64')]));
  }
  const changed = (a: Map<string, string>, b: Map<string, string>): string[] =>
    [
      ...new Set(
        [...a.keys()]
          .filter((k) => a.get(k) !== b.get(k) && k.startsWith('hosts/'))
          .map((k) => k.split('/')[1] ?? k),
      ),
    ].sort();

  // (meta-data changes with user-data: its instance-id follows the config.)
  it('a label the kubelet sets: that host only', async () => {
    const before = await out(ha);
    const after = await out(ha.replace('example.com/gpu: "true"', 'example.com/gpu: "false"'));
    expect(changed(before, after)).toEqual(['worker4']);
  });

  it('a restricted label: the masters only', async () => {
    const before = await out(ha);
    const after = await out(
      ha.replace(
        'labels: { node-role.kubernetes.io/worker: "", example',
        'labels: { node-role.kubernetes.io/gpu: "", example',
      ),
    );
    expect(changed(before, after)).toEqual(['master1', 'master2', 'master3']);
  });

  it('a cluster label: every node', async () => {
    const before = await out(ha);
    const after = await out(
      ha.replace('topology.kubernetes.io/region: eu1', 'topology.kubernetes.io/region: eu2'),
    );
    expect(changed(before, after)).toEqual(['worker1', 'worker2', 'worker3', 'worker4']);
  });

  it('an inventory without labels renders neither --node-labels nor the labelling unit', () => {
    const p = classicPlan();
    for (const h of p.hosts) {
      const c = buildHostConfig(p, h, fakePki(p));
      expect(kubeletUnit(c)).not.toContain('--node-labels');
      expect(c.units.map((u) => u.name)).not.toContain('k8s-node-labels.service');
    }
  });
});
