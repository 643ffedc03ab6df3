/**
 * The stumbles a new user hit writing an inventory from scratch (issue 12): each is a test that
 * failed on the old behaviour.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInventory } from '../../inventory/load.js';
import { NEWEST_PATCH } from '../../plan/kubernetes-releases.js';
import { MAX_KUBE_MINOR, MIN_KUBE_MINOR } from '../../plan/versions.js';
import { planCluster } from '../../plan/plan-cluster.js';

const classic = readFileSync(path.resolve(import.meta.dirname, '../../examples/classic.yaml'), 'utf8');

function edit(from: string | RegExp, to: string): string {
  const text = classic.replace(from, to);
  if (text === classic) throw new Error(`no ${String(from)} in classic.yaml`);
  return text;
}

describe('hints for keys other tools spell differently', () => {
  it('cluster.flannel.network points at kubernetes.podCIDR, not at the host network', () => {
    const text = edit(
      '    dnsDomain: cluster.local\n',
      '    dnsDomain: cluster.local\n  flannel:\n    network: 172.16.0.0/16\n',
    );
    const { diagnostics } = parseInventory(text, 'x.yaml');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'UNKNOWN_KEY', path: 'cluster.flannel.network' });
    expect(diagnostics[0]?.hint).toContain('cluster.kubernetes.podCIDR');
    expect(diagnostics[0]?.hint).not.toMatch(/belongs under cluster/);
  });

  it("kubeadm's podSubnet and serviceSubnet name the bootforge keys", () => {
    const text = edit('    podCIDR: 192.168.0.0/16\n', '    podSubnet: 192.168.0.0/16\n');
    const hints = parseInventory(text, 'x.yaml').diagnostics.map((d) => `${d.code} ${d.path}: ${d.hint}`);
    expect(hints).toContainEqual(
      expect.stringMatching(/^UNKNOWN_KEY cluster\.kubernetes\.podSubnet: .*podCIDR/),
    );
  });

  it('a missing version: says the value is 1', () => {
    const { diagnostics } = parseInventory(edit(/^version: 1\n/m, ''), 'x.yaml');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'MISSING_KEY', path: 'version' });
    expect(diagnostics[0]?.hint).toContain("'version: 1'");
  });
});

describe('a Kubernetes MAJOR.MINOR means the newest patch bootforge knows', () => {
  it('"1.23" is 1.23.17 in the inventory and the plan', () => {
    const { inventory, diagnostics } = parseInventory(edit('"1.23.17"', '"1.23"'), 'x.yaml');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(inventory?.cluster.kubernetes.version).toBe('1.23.17');
    if (!inventory) throw new Error('refused');
    expect(planCluster(inventory).versions.kubernetes).toBe('1.23.17');
  });

  it('every supported minor has a newest patch', () => {
    for (let minor = MIN_KUBE_MINOR; minor <= MAX_KUBE_MINOR; minor++) {
      expect(NEWEST_PATCH[minor], `1.${minor}`).toBeGreaterThanOrEqual(0);
      const text = edit('"1.23.17"', `"1.${minor}"`)
        .replace('runtime: docker', 'runtime: containerd')
        .replace('os: centos7', 'os: el9');
      const { inventory } = parseInventory(text, 'x.yaml');
      expect(inventory?.cluster.kubernetes.version, `1.${minor}`).toBe(`1.${minor}.${NEWEST_PATCH[minor]}`);
    }
  });

  it('a bare minor outside the supported range is unsupported, not malformed', () => {
    const { diagnostics } = parseInventory(edit('"1.23.17"', '"1.19"'), 'x.yaml');
    expect(diagnostics.map((d) => d.code)).toEqual(['UNSUPPORTED_KUBERNETES_VERSION']);
  });
});

describe('every problem at once, across structure and rules', () => {
  const located = (text: string): string[] =>
    parseInventory(text, 'x.yaml').diagnostics.map((d) => `${d.position?.line} ${d.code} ${d.path}`);

  it('a misspelt key and a duplicate IP are reported in one run', () => {
    const text = edit('  runtime: docker', '  runtim: docker').replace('ip: 10.0.0.13', 'ip: 10.0.0.12');
    expect(located(text)).toEqual([
      '7 MISSING_KEY cluster.runtime',
      '9 UNKNOWN_KEY cluster.runtim',
      '29 DUPLICATE_IP hosts[2].ip',
    ]);
  });

  it('a finding inside a misspelt mapping is placed where it is written', () => {
    const text = edit('  kubernetes:\n', '  kubernets:\n').replace(
      'podCIDR: 192.168.0.0/16',
      'podCIDR: 10.0.0.0/16',
    );
    const found = located(text);
    expect(found).toContain('10 UNKNOWN_KEY cluster.kubernets');
    expect(found).toContainEqual(expect.stringMatching(/^13 CIDR_OVERLAP cluster\.kubernetes\.podCIDR$/));
  });

  it('a host with a broken field is left out, and the other hosts are still checked', () => {
    const text = edit('    roles: [master]', '    roles: master').replace(
      'mac: "52:54:00:00:00:13"',
      'mac: "52:54:00:00:00:12"',
    );
    expect(located(text)).toEqual(['25 WRONG_TYPE hosts[0].roles', '29 DUPLICATE_MAC hosts[2].mac']);
  });

  it('a missing host key leaves that host out without claiming the cluster has no master', () => {
    const text = edit('    ip: 10.0.0.11\n', '').replace('ip: 10.0.0.14', 'ip: 10.0.0.99.1');
    expect(located(text)).toEqual(['24 MISSING_KEY hosts[0].ip', '29 BAD_IP hosts[3].ip']);
  });

  it('an optional key of the wrong type is left out, and nothing is said about its default', () => {
    const text = edit('    dnsDomain: cluster.local', '    dnsDomain: [cluster.local]').replace(
      'ip: 10.0.0.12',
      'ip: 10.0.0.1',
    );
    expect(located(text)).toEqual([
      '14 WRONG_TYPE cluster.kubernetes.dnsDomain',
      '28 IP_IS_GATEWAY hosts[1].ip',
    ]);
  });

  it('what cannot be repaired stops before the rules, as before', () => {
    const text = edit(/ {2}network:\n( {4}.*\n)+/, '').replace('ip: 10.0.0.13', 'ip: 10.0.0.12');
    expect(located(text).map((l) => l.split(' ')[1])).toEqual(['MISSING_KEY']);
  });
});
