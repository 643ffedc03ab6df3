/**
 * The `ready` script for real (dash), rendered from its built-in template with test paths, against
 * stand-ins for systemctl, journalctl, etcdctl and curl whose answers come from files the test
 * changes while the script waits: it reports `ready` with what it checked only once everything is
 * up, `failed` with the failing unit and the last 20 lines of its journal (once per failure), and
 * `failed` once after its timeout while it goes on waiting.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { builtinTemplates, renderTemplate } from '../../profiles/templates.js';
import { hasTool } from './support.js';

const dir = mkdtempSync(path.join(tmpdir(), 'bf-ready-'));
const bin = path.join(dir, 'bin');
const state = path.join(dir, 'state');
const reports = path.join(dir, 'reports');

function put(p: string, content: string, mode = 0o644): void {
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, content);
  chmodSync(p, mode);
}

// systemctl is-active [--quiet] U / is-failed --quiet U: from state/units/U (default inactive).
put(
  path.join(bin, 'systemctl'),
  `#!/bin/sh
verb=$1; shift
quiet=no; if [ "$1" = --quiet ]; then quiet=yes; shift; fi
s=$(cat "${state}/units/$1" 2>/dev/null || echo inactive)
case $verb in
  is-active) [ $quiet = yes ] || echo "$s"; [ "$s" = active ] ;;
  is-failed) [ $quiet = yes ] || echo "$s"; [ "$s" = failed ] ;;
  *) exit 2 ;;
esac
`,
  0o755,
);
put(
  path.join(bin, 'journalctl'),
  `#!/bin/sh
for i in $(seq 1 30); do echo "journal line $i of $*"; done
`,
  0o755,
);
// etcdctl ... endpoint health: healthy while state/etcd-healthy exists; records its arguments.
put(
  path.join(bin, 'etcdctl'),
  `#!/bin/sh
echo "ETCDCTL_API=$ETCDCTL_API $*" >"${state}/etcdctl-args"
[ -e "${state}/etcd-healthy" ]
`,
  0o755,
);
// curl: /healthz says ok while state/apiserver-ok exists; /api/v1/nodes/<n> while state/node-registered.
put(
  path.join(bin, 'curl'),
  `#!/bin/sh
for last; do :; done
echo "$*" >>"${state}/curl-args"
case $last in
  */healthz) [ -e "${state}/apiserver-ok" ] && printf ok ;;
  */api/v1/nodes/*) [ -e "${state}/node-registered" ] ;;
  *) exit 7 ;;
esac
`,
  0o755,
);
// The report script: records each call, one JSON line per report.
put(
  path.join(bin, 'report'),
  `#!/bin/sh
if [ "$1" = --until-delivered ]; then shift; fi
{ printf '%s\\037' "$1" "$2" "\${3:-}"; printf '\\036'; } >>"${reports}"
`,
  0o755,
);

function renderReady(vars: Record<string, unknown>): string {
  return renderTemplate(
    builtinTemplates(),
    'lifecycle/ready.sh.hbs',
    {
      reportScript: path.join(bin, 'report'),
      bootedUnit: 'bootforge-report-booted.service',
      roles: 'etcd, master, node',
      timeout: 3600,
      pause: 0.2,
      services: 'etcd.service flanneld.service kubelet.service',
      steps: 'install-artifacts.service',
      etcd: {
        etcdctl: path.join(bin, 'etcdctl'),
        endpoint: 'https://10.0.0.51:2379',
        cacert: '/etc/etcd/pki/ca.crt',
        cert: '/etc/etcd/pki/server.crt',
        key: '/etc/etcd/pki/server.key',
      },
      flannel: { subnetEnv: path.join(state, 'subnet.env') },
      node: {
        name: 'aio1',
        apiserver: 'https://10.0.0.51:6443',
        ca: '/etc/kubernetes/pki/ca.crt',
        cert: '/var/lib/kubelet/pki/kubelet.crt',
        key: '/var/lib/kubelet/pki/kubelet.key',
      },
      apiserver: {
        url: 'https://127.0.0.1:6443',
        ca: '/etc/kubernetes/pki/ca.crt',
        cert: '/etc/kubernetes/pki/apiserver-kubelet-client.crt',
        key: '/etc/kubernetes/pki/apiserver-kubelet-client.key',
      },
      ...vars,
    },
    'aio1',
  );
}

interface Report {
  phase: string;
  message: string;
  components: Record<string, string> | undefined;
}

function readReports(): Report[] {
  if (!existsSync(reports)) return [];
  return readFileSync(reports, 'utf8')
    .split('\x1e')
    .filter((r) => r !== '')
    .map((r) => {
      const [phase = '', message = '', components = ''] = r.split('\x1f');
      return {
        phase,
        message,
        components: components === '' ? undefined : (JSON.parse(components) as Record<string, string>),
      };
    });
}

function setUnit(unit: string, s: string): void {
  put(path.join(state, 'units', unit), s);
}

function allUp(): void {
  for (const u of ['etcd.service', 'flanneld.service', 'kubelet.service']) setUnit(u, 'active');
  setUnit('install-artifacts.service', 'active');
  put(path.join(state, 'etcd-healthy'), '');
  put(path.join(state, 'subnet.env'), 'FLANNEL_NETWORK=10.244.0.0/16\nFLANNEL_SUBNET=10.244.3.1/24\n');
  put(path.join(state, 'node-registered'), '');
  put(path.join(state, 'apiserver-ok'), '');
}

let child: ChildProcess | undefined;

function start(script: string): Promise<number | null> {
  put(path.join(dir, 'ready'), script, 0o755);
  return new Promise((resolve, reject) => {
    child = spawn('dash', [path.join(dir, 'ready')], { env: { PATH: `${bin}:/usr/bin:/bin` } });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
}

async function until(what: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error(`timed out; reports so far: ${JSON.stringify(readReports())}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
  rmSync(state, { recursive: true, force: true });
  rmSync(reports, { force: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(hasTool('dash'))('ready script', () => {
  it('reports ready with every component once all are up, and not before', async () => {
    setUnit('etcd.service', 'active');
    setUnit('flanneld.service', 'activating');
    const exited = start(renderReady({}));
    await new Promise((r) => setTimeout(r, 600));
    expect(readReports()).toEqual([]);
    allUp();
    expect(await exited).toBe(0);
    expect(readReports()).toEqual([
      {
        phase: 'ready',
        message: 'ready (etcd, master, node)',
        components: {
          'etcd.service': 'active',
          'flanneld.service': 'active',
          'kubelet.service': 'active',
          etcd: 'healthy',
          flannel: '10.244.3.1/24',
          node: 'registered',
          apiserver: 'healthy',
        },
      },
    ]);
    // etcd's health is asked with the member's own certificates through the v3 API.
    expect(readFileSync(path.join(state, 'etcdctl-args'), 'utf8')).toBe(
      'ETCDCTL_API=3 --endpoints=https://10.0.0.51:2379 --cacert=/etc/etcd/pki/ca.crt --cert=/etc/etcd/pki/server.crt --key=/etc/etcd/pki/server.key --command-timeout=5s endpoint health\n',
    );
    const curl = readFileSync(path.join(state, 'curl-args'), 'utf8');
    expect(curl).toContain(
      '--cert /var/lib/kubelet/pki/kubelet.crt --key /var/lib/kubelet/pki/kubelet.key https://10.0.0.51:6443/api/v1/nodes/aio1',
    );
    expect(curl).toContain('https://127.0.0.1:6443/healthz');
  });

  it('waits for each check: etcd health, the flannel lease, node registration, the apiserver', async () => {
    for (const missing of ['etcd-healthy', 'subnet.env', 'node-registered', 'apiserver-ok']) {
      allUp();
      rmSync(path.join(state, missing));
      const exited = start(renderReady({}));
      await new Promise((r) => setTimeout(r, 500));
      expect(readReports(), missing).toEqual([]);
      allUp();
      expect(await exited).toBe(0);
      expect(readReports().map((r) => r.phase)).toEqual(['ready']);
      rmSync(reports, { force: true });
    }
  });

  it('reports a failed unit with the last 20 lines of its journal, once, then ready when it recovers', async () => {
    allUp();
    setUnit('kubelet.service', 'failed');
    const exited = start(renderReady({}));
    await until(() => readReports().length === 1);
    const [failed] = readReports();
    expect(failed!.phase).toBe('failed');
    const lines = failed!.message.split('\n');
    expect(lines[0]).toBe('kubelet.service failed; the last lines of its journal:');
    expect(lines.slice(1)).toEqual(
      Array.from(
        { length: 20 },
        (_, i) => `journal line ${i + 11} of --no-pager -o cat -n 20 -u kubelet.service`,
      ),
    );
    expect(failed!.components?.['kubelet.service']).toBe('failed');
    await new Promise((r) => setTimeout(r, 600));
    expect(readReports()).toHaveLength(1);
    setUnit('kubelet.service', 'active');
    expect(await exited).toBe(0);
    expect(readReports().map((r) => r.phase)).toEqual(['failed', 'ready']);
  });

  it('reports a failed first-boot step, which need not stay active', async () => {
    allUp();
    rmSync(path.join(state, 'units', 'install-artifacts.service'));
    const exited = start(renderReady({}));
    expect(await exited).toBe(0);
    expect(readReports().map((r) => r.phase)).toEqual(['ready']);
    rmSync(reports);
    setUnit('install-artifacts.service', 'failed');
    const again = start(renderReady({}));
    await until(() => readReports().length === 1);
    expect(readReports()[0]!.message).toMatch(/^install-artifacts.service failed/);
    setUnit('install-artifacts.service', 'inactive');
    expect(await again).toBe(0);
  });

  it('reports failed once when still not ready after its timeout, and goes on waiting', async () => {
    allUp();
    rmSync(path.join(state, 'node-registered'));
    setUnit('flanneld.service', 'activating');
    const exited = start(renderReady({ timeout: 1 }));
    await until(() => readReports().length === 1);
    const [late] = readReports();
    expect(late!.phase).toBe('failed');
    expect(late!.message.split('\n')[0]).toBe(
      "not ready after 1s: flanneld.service node; the last lines of flanneld.service's journal:",
    );
    await new Promise((r) => setTimeout(r, 600));
    expect(readReports()).toHaveLength(1);
    allUp();
    expect(await exited).toBe(0);
    expect(readReports().map((r) => r.phase)).toEqual(['failed', 'ready']);
  });

  it('on a host without etcd, flannel, kubelet or apiserver checks, waits for its services only', async () => {
    setUnit('etcd.service', 'active');
    const exited = start(
      renderReady({
        services: 'etcd.service',
        steps: '',
        flannel: false,
        node: false,
        apiserver: false,
        etcd: false,
      }),
    );
    expect(await exited).toBe(0);
    expect(readReports()[0]!.components).toEqual({ 'etcd.service': 'active' });
  });

  it('reports ready only after the booted unit is done', async () => {
    allUp();
    setUnit('bootforge-report-booted.service', 'active');
    const exited = start(renderReady({}));
    await new Promise((r) => setTimeout(r, 500));
    expect(readReports()).toEqual([]);
    setUnit('bootforge-report-booted.service', 'inactive');
    expect(await exited).toBe(0);
    expect(readReports().map((r) => r.phase)).toEqual(['ready']);
  });
});
