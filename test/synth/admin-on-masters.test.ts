/**
 * `cluster.pki.adminOnMasters: false` (issue 13.5): no host's files carry a cluster-admin
 * credential in any format or encoding (user-data, config.ign (ha: EL9), ks.cfg, seed ISO, vSphere, cloud,
 * tar.gz and zip bundles, PXE), no master runs the bootstrap or the node-label unit, and the
 * bootstrap the masters would run is in OUT/cluster/bootstrap/ for the operator: addons that
 * kubectl parses, the bootstrap-token Secret (0600), and apply.sh (shellcheck-clean). With the
 * default (true) the masters carry admin.conf as before, so the search here can find it.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GENERATORS } from '../../generators/registry.js';
import { loadInventory } from '../../inventory/load.js';
import { DELIVERY_TARGETS } from '../../inventory/model.js';
import { formatPlan } from '../../plan/format-plan.js';
import { planCluster } from '../../plan/plan-cluster.js';
import { placeholderPki } from '../../profiles/preflight.js';
import { synth, type SynthResult } from '../../synth/synth.js';
import { hasTool, run } from '../profiles/support.js';
import { views } from './encoded-views.js';

const repo = path.resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'bootforge-admin-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function render(example: string, adminOnMasters: boolean | undefined) {
  const { inventory, diagnostics } = await loadInventory(path.join(repo, 'examples', `${example}.yaml`));
  if (!inventory) throw new Error(JSON.stringify(diagnostics));
  // Delivered every way, so every format (and encoding) a credential could travel in is rendered.
  inventory.cluster.delivery = [...DELIVERY_TARGETS];
  for (const host of inventory.hosts) host.delivery = [...DELIVERY_TARGETS];
  if (adminOnMasters !== undefined) inventory.cluster.pki.adminOnMasters = adminOnMasters;
  const plan = planCluster(inventory);
  const pki = placeholderPki(plan);
  const result = await synth(plan, pki, {
    formats: GENERATORS.filter((g) => g.always !== true).map((g) => g.name),
  });
  return { plan, pki, files: result.files };
}

type Files = SynthResult['files'];
const text = (files: Files, p: string): string => {
  const f = files.find((x) => x.path === p);
  if (!f) throw new Error(`no ${p}`);
  return Buffer.from(f.content).toString('utf8');
};

/** The files (outside cluster/) that carry the admin key or certificate, in any encoding. */
function carriers(files: Files, secrets: readonly string[]): string[] {
  return files
    .filter((f) => !f.path.startsWith('cluster/'))
    .filter((f) => {
      const all = views(Buffer.from(f.content)).join('\n');
      return secrets.some((s) => all.includes(s)) || all.includes('/etc/kubernetes/admin.conf');
    })
    .map((f) => f.path);
}

describe.each(['classic', 'ha'])('examples/%s.yaml', (example) => {
  it('default (true): every master carries admin.conf, and bootstraps', async () => {
    const { plan, pki, files } = await render(example, undefined);
    const found = carriers(files, [pki.admin.key, pki.admin.cert]);
    // classic is CentOS 7, which cannot boot Ignition: config.ign is ha's (EL9) only.
    const ignition = example === 'ha';
    expect(files.some((f) => f.path.endsWith('/config.ign'))).toBe(ignition);
    for (const master of plan.hosts.filter((h) => h.roles.includes('master'))) {
      for (const p of [
        `hosts/${master.name}/user-data`,
        ...(ignition ? [`hosts/${master.name}/config.ign`] : []),
        `hosts/${master.name}/ks.cfg`,
        `hosts/${master.name}/seed.iso`,
        `bundles/${master.name}.tar.gz`,
        `bundles/${master.name}.zip`,
      ])
        expect(found).toContain(p);
      expect(text(files, `hosts/${master.name}/user-data`)).toContain('k8s-bootstrap.service');
    }
    expect(files.some((f) => f.path.startsWith('cluster/bootstrap/'))).toBe(false);
  }, 120_000);

  it('false: no host file carries the admin key or certificate; the bootstrap is the operator’s', async () => {
    const { plan, pki, files } = await render(example, false);
    expect(carriers(files, [pki.admin.key, pki.admin.cert])).toEqual([]);
    for (const f of files.filter((x) => x.path.startsWith('hosts/') && !/\.(iso|gz|zip)$/.test(x.path))) {
      const all = views(Buffer.from(f.content)).join('\n');
      expect(all, f.path).not.toContain('k8s-bootstrap.service');
      expect(all, f.path).not.toContain('k8s-node-labels.service');
    }
    expect(plan.hosts.some((h) => h.bootstrapper)).toBe(false);
    // `bootforge plan` says who sets the labels a kubelet may not set: the operator's apply.sh.
    if (plan.hosts.some((h) => Object.keys(h.labels.restricted).length > 0))
      expect(formatPlan(plan)).toContain('the operator (cluster/bootstrap/apply.sh)');
    // The operator keeps the admin kubeconfig and the bootstrap.
    expect(text(files, 'cluster/admin.conf')).toContain('client-key-data');
    const bootstrap = files
      .filter((f) => f.path.startsWith('cluster/bootstrap/'))
      .map((f) => [f.path, f.mode]);
    const bootstrapCreds = plan.inventory.cluster.kubernetes.kubeletCredentials === 'bootstrap';
    expect(bootstrap).toEqual([
      ['cluster/bootstrap/addons/00-apiserver-kubelet-rbac.yaml', 0o644],
      ...(bootstrapCreds ? [['cluster/bootstrap/addons/11-bootstrap-rbac.yaml', 0o644]] : []),
      ['cluster/bootstrap/addons/30-coredns.yaml', 0o644],
      ...(bootstrapCreds ? [['cluster/bootstrap/bootstrap-token-secret.yaml', 0o600]] : []),
      ['cluster/bootstrap/apply.sh', 0o755],
    ]);
    const apply = text(files, 'cluster/bootstrap/apply.sh');
    for (const h of plan.hosts.filter((x) => Object.keys(x.labels.restricted).length > 0))
      expect(apply).toContain(`label ${h.name} `);

    // Real consumers: kubectl parses every manifest (offline), shellcheck passes apply.sh.
    const dir = path.join(scratch, example);
    for (const f of files.filter((x) => x.path.startsWith('cluster/bootstrap/'))) {
      const to = path.join(dir, f.path);
      mkdirSync(path.dirname(to), { recursive: true });
      writeFileSync(to, f.content);
    }
    const yamlFiles = bootstrap.map(([p]) => String(p)).filter((p) => p.endsWith('.yaml'));
    if (hasTool('kubectl')) {
      const args = ['annotate', '--local', '-o', 'name'];
      for (const p of yamlFiles) args.push('-f', path.join(dir, p));
      const parsed = run('kubectl', [...args, 'bootforge.test/parsed=yes']);
      expect(parsed.status, parsed.stderr).toBe(0);
      expect(parsed.stdout).toMatch(/^deployment\.apps\/coredns$/m);
      expect(parsed.stdout).toMatch(/^service\/kube-dns$/m);
      if (bootstrapCreds) expect(parsed.stdout).toMatch(/^secret\/bootstrap-token-[a-z0-9]{6}$/m);
    }
    if (hasTool('shellcheck')) {
      const checked = run('shellcheck', ['-s', 'sh', path.join(dir, 'cluster/bootstrap/apply.sh')]);
      expect(checked.status, checked.stdout).toBe(0);
    }
  }, 120_000);
});
