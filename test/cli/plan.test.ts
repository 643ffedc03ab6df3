import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureTerminal } from '../../cli/terminal.js';

const repo = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'bootforge-plan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(cwd: string, ...argv: string[]) {
  const term = captureTerminal({ cwd });
  const code = await main(argv, term);
  return { code, stdout: term.stdout, stderr: term.stderr };
}

describe('bootforge plan', () => {
  it('prints the classic cluster as tables: hosts, service IPs, flannel, etcd, versions', async () => {
    const { code, stdout, stderr } = await run(repo, 'plan', 'examples/classic.yaml');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('Cluster knodes: centos7, docker, Kubernetes 1.23.17\n');
    expect(stdout).toMatch(/^ {2}NAME +ROLES +IP +MAC +DELIVERY +FLANNEL +KUBELET +NOTE$/m);
    expect(stdout).toMatch(
      /^ {2}knode1 +master +10\.0\.0\.11\/24 +52:54:00:00:00:11 +pxe,iso +yes +- +bootstraps the cluster$/m,
    );
    expect(stdout).toMatch(/^ {2}knode4 +etcd +10\.0\.0\.14\/24 +52:54:00:00:00:14 +pxe,iso +- +-$/m);
    expect(stdout).toMatch(/^ {2}API service IP +10\.254\.0\.1$/m);
    expect(stdout).toMatch(/^ {2}DNS service IP +10\.254\.0\.10 \(cluster\.local\)$/m);
    expect(stdout).toMatch(/^ {2}capacity +255 hosts \(3 used\)$/m);
    expect(stdout).toMatch(/^ {2}etcd API +v2 \(etcd runs with --enable-v2\)$/m);
    expect(stdout).toMatch(
      /^ {2}knode4 +10\.0\.0\.14 +https:\/\/10\.0\.0\.14:2380 +https:\/\/10\.0\.0\.14:2379$/m,
    );
    expect(stdout).toMatch(/^ {2}docker +20\.10\.\d+$/m);
    expect(stdout).not.toContain('cri-dockerd');
  });

  it('lists the load balancer and every master endpoint for the HA cluster', async () => {
    const { code, stdout } = await run(repo, 'plan', 'examples/ha.yaml');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}API server \(clients\) +https:\/\/k8s-api\.prod-eu1\.example\.com:6443$/m);
    expect(stdout).toContain('https://172.20.0.31:6443, https://172.20.0.32:6443, https://172.20.0.33:6443');
    expect(stdout).toMatch(/^ {2}containerd +2\.\d+\.\d+$/m);
    expect(stdout).not.toMatch(/^ {2}docker /m);
  });

  it('--json prints one document with the resolved plan', async () => {
    const { code, stdout, stderr } = await run(repo, 'plan', 'examples/classic.yaml', '--json');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const plan = JSON.parse(stdout) as Record<string, unknown>;
    expect(plan).toMatchObject({
      cluster: { name: 'knodes', os: 'centos7', runtime: 'docker', kubernetes: '1.23.17' },
      apiServiceIP: '10.254.0.1',
      dnsServiceIP: '10.254.0.10',
      apiServerURL: 'https://10.0.0.11:6443',
      etcdMembers: [
        { name: 'knode4', peerURL: 'https://10.0.0.14:2380', clientURL: 'https://10.0.0.14:2379' },
      ],
      flannel: { network: '192.168.0.0/16', subnetLength: 24, capacity: 255, hostsUsing: 3, etcdApi: 'v2' },
      versions: { kubernetes: '1.23.17', flannel: '0.14.0' },
    });
    expect((plan['hosts'] as unknown[]).length).toBe(4);
    expect(plan['hosts']).toContainEqual(
      expect.objectContaining({ name: 'knode2', interface: 'eth0', disk: '/dev/sda', runsKubelet: true }),
    );
  });

  it('is byte-identical run after run', async () => {
    const a = await run(repo, 'plan', 'examples/ha.yaml', '--json');
    const b = await run(repo, 'plan', 'examples/ha.yaml', '--json');
    expect(a.stdout).toBe(b.stdout);
  });

  it('an invalid inventory prints diagnostics and exits 2 with nothing on stdout', async () => {
    writeFileSync(path.join(dir, 'bad.yaml'), 'version: 1\ncluster: {}\nhosts: []\n');
    const { code, stdout, stderr } = await run(dir, 'plan', 'bad.yaml');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain("bad.yaml:2:10 error MISSING_KEY cluster.name: required key 'name' is missing");
    expect(stderr).toContain('bad.yaml:3:8 error EMPTY_LIST hosts:');
    expect(stderr).toMatch(/bad\.yaml: invalid, \d+ errors, 0 warnings\n$/);
  });

  it('warnings are shown on stderr but the plan is still printed', async () => {
    writeFileSync(
      path.join(dir, 'even.yaml'),
      `version: 1
cluster:
  name: c
  os: el9
  runtime: containerd
  kubernetes: { version: "1.30.4", serviceCIDR: 10.96.0.0/16, podCIDR: 10.244.0.0/16 }
  network: { cidr: 10.0.0.0/24, gateway: 10.0.0.1, nameservers: [10.0.0.1] }
  bootServer: http://10.0.0.2
  ssh: { authorizedKeys: ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILfe2CYNLNY/fsKUPymOhid64Ez+hFpBW3wxOfA+9ejq a"] }
hosts:
  - { name: a, roles: [master, etcd, node], ip: 10.0.0.11, mac: "52:54:00:00:00:11" }
  - { name: b, roles: [etcd, node], ip: 10.0.0.12, mac: "52:54:00:00:00:12" }
`,
    );
    const { code, stdout, stderr } = await run(dir, 'plan', 'even.yaml');
    expect(code).toBe(0);
    expect(stderr).toContain('even.yaml:11:3 warning EVEN_ETCD_MEMBERS hosts: 2 etcd members');
    expect(stdout).toContain('Cluster c: el9, containerd, Kubernetes 1.30.4');
  });

  it('--json keeps stdout one JSON document: warnings in the plan, problems in a validate-shaped one', async () => {
    const ok = await run(dir, 'plan', 'even.yaml', '--json');
    expect(ok.code).toBe(0);
    expect(ok.stderr).toBe('');
    expect(JSON.parse(ok.stdout)).toMatchObject({
      cluster: { name: 'c' },
      diagnostics: [{ code: 'EVEN_ETCD_MEMBERS', severity: 'warning', path: 'hosts' }],
    });
    const bad = await run(dir, 'plan', 'bad.yaml', '--json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('');
    expect(JSON.parse(bad.stdout)).toMatchObject({
      valid: false,
      warnings: 0,
      diagnostics: expect.arrayContaining([
        expect.objectContaining({ code: 'MISSING_KEY', path: 'cluster.name' }),
      ]),
    });
  });

  it('a missing file and bad flags exit 2', async () => {
    expect((await run(dir, 'plan', 'missing.yaml')).code).toBe(2);
    expect((await run(dir, 'plan', 'missing.yaml', '--yaml')).code).toBe(2);
    expect((await run(dir, 'plan')).stderr).toContain('missing INVENTORY');
  });
});

describe('bootforge schema', () => {
  it('prints the JSON Schema as one JSON document', async () => {
    const { code, stdout } = await run(repo, 'schema');
    expect(code).toBe(0);
    const schema = JSON.parse(stdout) as Record<string, unknown>;
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema['required']).toEqual(['version', 'cluster', 'hosts']);
  });

  it('takes no arguments', async () => {
    expect((await run(repo, 'schema', 'extra')).code).toBe(2);
  });
});

describe('examples/inventory.schema.json', () => {
  it('is exactly what `bootforge schema` prints (regenerate: npx bootforge schema > examples/inventory.schema.json)', async () => {
    const { stdout } = await run(repo, 'schema');
    expect(readFileSync(path.join(repo, 'examples/inventory.schema.json'), 'utf8')).toBe(stdout);
  });

  it('is what the examples point their editor at', () => {
    for (const example of ['classic.yaml', 'ha.yaml']) {
      const first = readFileSync(path.join(repo, 'examples', example), 'utf8').split('\n')[0];
      expect(first).toBe('# yaml-language-server: $schema=./inventory.schema.json');
    }
  });
});
