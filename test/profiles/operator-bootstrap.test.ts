/**
 * OUT/cluster/bootstrap/apply.sh (pki.adminOnMasters: false) run against a stand-in kubectl that
 * records what it is asked: it waits for nothing it cannot see, applies addons/ server-side with
 * the masters' field manager and the operator's kubeconfig, creates the bootstrap token with an
 * expiration once (stringData stays a valid mapping), labels the Nodes that registered and exits
 * 3 while one has not; a second run with every Node present creates nothing and exits 0.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { operatorBootstrapFiles } from '../../profiles/operator-bootstrap.js';
import { currentPlan, fakePki, LABELLED_HOSTS } from './fixtures.js';

const dir = mkdtempSync(path.join(tmpdir(), 'bootforge-apply-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// TLS bootstrap (a token to create) and worker1 with a label its kubelet may not set.
const plan = currentPlan({
  hosts: LABELLED_HOSTS,
  credentials: 'bootstrap',
  clusterExtra: '  pki: { adminOnMasters: false }\n',
});
const out = path.join(dir, 'OUT/cluster');
for (const f of operatorBootstrapFiles(plan, fakePki(plan))) {
  const to = path.join(out, 'bootstrap', f.path);
  mkdirSync(path.dirname(to), { recursive: true });
  writeFileSync(to, f.content, { mode: f.mode });
}
writeFileSync(path.join(out, 'admin.conf'), 'fake admin kubeconfig\n');

// The stand-in: logs its arguments; nodes listed in $NODES exist; the Secret exists once created.
const fake = path.join(dir, 'kubectl');
writeFileSync(
  fake,
  `#!/bin/sh
echo "$*" >> "$LOG"
case "$*" in
  *" get --raw /readyz") exit 0 ;;
  *" apply "*) exit 0 ;;
  *" get secret "*) [ -f "$STATE/secret" ] ;;
  *" create -f -") cat > "$STATE/secret" ;;
  *" get node "*) for n in $NODES; do [ "$n" = "$5" ] && exit 0; done; exit 1 ;;
  *" label node "*) exit 0 ;;
  *) echo "unexpected: $*" >&2; exit 9 ;;
esac
`,
);
chmodSync(fake, 0o755);

function apply(nodes: string): { status: number | null; calls: string[]; stderr: string } {
  const log = path.join(dir, 'log');
  rmSync(log, { force: true });
  const r = spawnSync('sh', [path.join(out, 'bootstrap/apply.sh')], {
    encoding: 'utf8',
    cwd: '/',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', KUBECTL: fake, LOG: log, STATE: dir, NODES: nodes },
  });
  return { status: r.status, calls: readFileSync(log, 'utf8').trim().split('\n'), stderr: r.stderr };
}

describe('cluster/bootstrap/apply.sh', () => {
  it('is rendered with a token and a label to apply', () => {
    expect(plan.inventory.cluster.pki.adminOnMasters).toBe(false);
    expect(readFileSync(path.join(out, 'bootstrap/apply.sh'), 'utf8')).toContain('label worker1 ');
  });

  // $here/../admin.conf, $here being the script's directory.
  const kubeconfig = `--kubeconfig=${out}/bootstrap/../admin.conf`;

  it('applies, creates the token with an expiration, labels the registered Nodes, exits 3 for the rest', () => {
    const first = apply('master1');
    expect(first.status, first.stderr).toBe(3);
    expect(first.stderr).toContain('not registered yet:');
    for (const call of first.calls)
      expect(call.startsWith(`${kubeconfig} --request-timeout=15s `)).toBe(true);
    const calls = first.calls.map((c) => c.slice(`${kubeconfig} --request-timeout=15s `.length));
    expect(calls).toContain(
      `apply --server-side --field-manager=bootforge-bootstrap --force-conflicts -f ${path.join(out, 'bootstrap/addons')}`,
    );
    expect(calls.filter((c) => c === 'create -f -')).toHaveLength(1);
    expect(calls).toContain('get node worker1');
    expect(calls.some((c) => c.startsWith('label node'))).toBe(false);
    const secret = load(readFileSync(path.join(dir, 'secret'), 'utf8')) as {
      kind: string;
      stringData: Record<string, string>;
    };
    expect(secret.kind).toBe('Secret');
    expect(secret.stringData['token-id']).toMatch(/^[a-z0-9]{6}$/);
    const expires = Date.parse(secret.stringData['expiration'] ?? '');
    expect(expires - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect(expires - Date.now()).toBeLessThan(25 * 3600_000);
  });

  it('run again with every Node registered: no second token, every Node labelled, exit 0', () => {
    const again = apply('master1 worker1');
    expect(again.status, again.stderr).toBe(0);
    expect(again.calls.map((c) => c.replace(/^\S+ \S+ /, ''))).toContain(
      'label node worker1 --overwrite node-role.kubernetes.io/worker=',
    );
    expect(again.calls.some((c) => c.endsWith('create -f -'))).toBe(false);
    expect(again.stderr).toContain('exists');
    expect(again.stderr).toContain('bootstrap: done');
  });
});
