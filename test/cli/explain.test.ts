/**
 * `bootforge explain`: the effective value, where it came from (file:line:column or which
 * default), per host where hosts differ, and the files that change with it (computed by
 * rendering twice in memory); an unknown key is exit 2 with a "did you mean" hint.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureTerminal } from '../../cli/terminal.js';

const repo = path.resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'bootforge-explain-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
cpSync(path.join(repo, 'examples'), scratch, { recursive: true });

async function run(...argv: string[]) {
  const term = captureTerminal({ cwd: scratch });
  const code = await main(argv, term);
  return { code, stdout: term.stdout, stderr: term.stderr };
}

async function json(file: string, key: string): Promise<Record<string, unknown>> {
  const r = await run('explain', file, key, '--json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

/** 1-based line of the first line of `file` matching `pattern`. */
function lineOf(file: string, pattern: RegExp): number {
  return (
    readFileSync(path.join(scratch, file), 'utf8')
      .split('\n')
      .findIndex((l) => pattern.test(l)) + 1
  );
}

describe('bootforge explain', () => {
  it('a written key: its value, file:line:column, and the files that change with it', async () => {
    const e = await json('classic.yaml', 'cluster.kubernetes.version');
    expect(e['value']).toBe('1.23.17');
    expect(e['origin']).toMatchObject({
      kind: 'inventory',
      position: { file: 'classic.yaml', line: lineOf('classic.yaml', /^\s+version: "1\.23\.17"/) },
    });
    const affects = e['affects'] as { files: { path: string; host?: string }[]; hosts: string[] };
    const paths = affects.files.map((f) => f.path);
    expect(paths).toContain('hosts/knode2/user-data');
    expect(paths).toContain('hosts/knode2/ks.cfg');
    expect(paths).not.toContain('pxe/dnsmasq.conf');
    expect(affects.hosts).toEqual(['knode1', 'knode2', 'knode3']);
  });

  it('a default inherited per host, and a host that overrides it', async () => {
    const text = readFileSync(path.join(scratch, 'classic.yaml'), 'utf8').replace(
      '  - { name: knode2, roles: [node], ip: 10.0.0.12, mac: "52:54:00:00:00:12" }',
      '  - { name: knode2, roles: [node], ip: 10.0.0.12, mac: "52:54:00:00:00:12", interface: ens3 }',
    );
    expect(text).toContain('interface: ens3');
    writeFileSync(path.join(scratch, 'own-nic.yaml'), text);
    const e = await json('own-nic.yaml', 'cluster.network.interface');
    expect(e['origin']).toEqual({ kind: 'default', by: "the schema's default" });
    const hosts = e['hosts'] as { host: string; value: string; origin: { kind: string } }[];
    expect(hosts.map((h) => [h.host, h.value, h.origin.kind])).toEqual([
      ['knode1', 'eth0', 'default'],
      ['knode2', 'ens3', 'inventory'],
      ['knode3', 'eth0', 'default'],
      ['knode4', 'eth0', 'default'],
    ]);
    // Changing the cluster default changes every host but the one that overrides it.
    const affects = e['affects'] as { hosts: string[]; files: { path: string }[] };
    expect(affects.hosts).toEqual(['knode1', 'knode3', 'knode4']);
    expect(affects.files.map((f) => f.path)).toContain('hosts/knode1/network-config');
  });

  it.each(['hosts.knode2.disk', 'hosts[knode2].disk', 'hosts[1].disk'])(
    '%s: one host, the value it inherits and from where',
    async (key) => {
      const e = await json('classic.yaml', key);
      expect(e['key']).toBe('hosts[1].disk');
      expect(e['value']).toBe('/dev/sda');
      expect(e['origin']).toMatchObject({ kind: 'default', from: { key: 'cluster.install.disk' } });
      const files = (e['affects'] as { files: { path: string; host?: string }[] }).files;
      expect(files.map((f) => f.path)).toContain('hosts/knode2/ks.cfg');
      expect(files.every((f) => f.host === undefined || f.host === 'knode2')).toBe(true);
    },
  );

  it('hosts[0].runtime: the cluster value a host gets, said so', async () => {
    const r = await run('explain', 'classic.yaml', 'hosts[0].runtime');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('cluster.runtime = "docker"');
    expect(r.stdout).toContain("hosts have no own 'runtime'; cluster.runtime applies to every host");
    expect(r.stdout).toMatch(/from: +classic\.yaml:\d+:3/);
  });

  it('a value the plan resolves (no default in the inventory) says so', async () => {
    const e = await json('classic.yaml', 'cluster.versions.etcd');
    expect(e['origin']).toMatchObject({ kind: 'plan' });
    expect(e['value']).toMatch(/^3\.\d+\.\d+$/);
    // Only the etcd host downloads etcd.
    expect((e['affects'] as { hosts: string[] }).hosts).toEqual(['knode4']);
  });

  it('prints text with from/about/affects lines', async () => {
    const r = await run('explain', 'classic.yaml', 'cluster.bootServer');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^cluster\.bootServer = "http:\/\/10\.0\.0\.2:8080"\n {2}from: +classic\.yaml:\d+:\d+\n/,
    );
    expect(r.stdout).toContain('about:');
    expect(r.stdout).toMatch(/affects: +\d+ files, formats .*dnsmasq.*pxe/);
    expect(r.stdout).toContain('site: manifest.json, pxe/boot.ipxe, pxe/dnsmasq.conf, pxe/nginx.conf');
  });

  it('groups hosts whose changed files are the same, reading MACs and bundle names as <mac>/<host>', async () => {
    const r = await run('explain', 'ha.yaml', 'cluster.network.mtu');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ +etcd1, etcd2, etcd3, master1, .*: bundles\/<host>\.tar\.gz, config\.ign, /m);
  });

  it('an unknown key: UNKNOWN_KEY, did you mean, exit 2', async () => {
    const r = await run('explain', 'classic.yaml', 'cluster.kubernetes.verison');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('UNKNOWN_KEY');
    expect(r.stderr).toContain("did you mean 'cluster.kubernetes.version'");
    const host = await run('explain', 'classic.yaml', 'hosts.knod2.disk', '--json');
    expect(host.code).toBe(2);
    expect(JSON.parse(host.stdout)).toMatchObject({ diagnostics: [{ code: 'UNKNOWN_KEY' }] });
  });

  it('an invalid inventory: its diagnostics, exit 2; writes nothing', async () => {
    writeFileSync(path.join(scratch, 'bad.yaml'), 'version: 1\ncluster: {}\nhosts: []\n');
    const before = readdirSync(scratch).sort();
    const r = await run('explain', 'bad.yaml', 'cluster.name');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+ error/);
    expect(readdirSync(scratch).sort()).toEqual(before);
  });

  it('is listed in --help, and its usage shows the key forms', async () => {
    const top = await run('--help');
    expect(top.stdout).toMatch(/\n {2}explain +/);
    const own = await run('explain', '--help');
    expect(own.stdout).toContain('hosts.knode1.interface');
  });
});
