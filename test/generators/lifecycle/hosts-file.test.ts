/**
 * OUT/lifecycle/hosts.json: the document serve checks report tokens against (DESIGN.md
 * "Lifecycle"): every host, sorted by name, with its roles, MAC and the sha256 of its token; no
 * token itself; rendered in every run whatever --only selects; operator-only.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { lifecycleHosts, renderLifecycleHosts } from '../../../generators/lifecycle/hosts-file.js';
import { isOperatorOnly } from '../../../serving/operator-only.js';
import { LIFECYCLE_HOSTS_FILE } from '../../../serving/lifecycle-hosts.js';
import { synth } from '../../../synth/synth.js';
import { classicPlan, currentPlan, fakePki } from '../../profiles/fixtures.js';

describe('lifecycle/hosts.json', () => {
  it('lists every host by name with roles, MAC and sha256(token), never a token', () => {
    const plan = currentPlan();
    const pki = fakePki(plan);
    const file = renderLifecycleHosts(plan, pki);
    expect([file.path, file.mode, file.host]).toEqual(['lifecycle/hosts.json', 0o644, undefined]);
    const doc = JSON.parse(String(file.content)) as ReturnType<typeof lifecycleHosts>;
    expect(doc.version).toBe(1);
    expect(Object.keys(doc.hosts)).toEqual([...plan.hosts.map((h) => h.name)].sort());
    expect(doc.hosts['master1']).toEqual({
      roles: ['master'],
      mac: '52:54:00:00:00:31',
      tokenSha256: createHash('sha256').update(pki.reportTokens['master1']!, 'utf8').digest('hex'),
    });
    for (const token of Object.values(pki.reportTokens)) expect(String(file.content)).not.toContain(token);
    expect(String(file.content).endsWith('}\n')).toBe(true);
  });

  it('sorts by name, whatever the inventory order, and normalises MACs', () => {
    const plan = classicPlan({
      hosts: `hosts:
  - { name: zeta, roles: [etcd, master, node], ip: 10.0.0.11, mac: "52-54-00-AA-00-11" }
  - { name: alpha, roles: [node], ip: 10.0.0.12, mac: "5254.00aa.0012" }
  - { name: beta, roles: [node], ip: 10.0.0.13, mac: "52:54:00:aa:00:13" }
`,
    });
    const doc = lifecycleHosts(plan, fakePki(plan));
    expect(Object.entries(doc.hosts).map(([n, h]) => [n, h.mac, h.roles])).toEqual([
      ['alpha', '52:54:00:aa:00:12', ['node']],
      ['beta', '52:54:00:aa:00:13', ['node']],
      ['zeta', '52:54:00:aa:00:11', ['etcd', 'master', 'node']],
    ]);
  });

  it('comes with every run, even --only cloud-init, and is operator material', async () => {
    const plan = classicPlan();
    const { files, manifest } = await synth(plan, fakePki(plan), { formats: ['cloud-init'] });
    expect(files.map((f) => f.path)).toContain(LIFECYCLE_HOSTS_FILE);
    expect(manifest.files.find((f) => f.path === LIFECYCLE_HOSTS_FILE)).toMatchObject({ secret: false });
    expect(isOperatorOnly(LIFECYCLE_HOSTS_FILE)).toBe(true);
  });
});
