/**
 * Real three-member etcd clusters (Debian etcd-server 3.4) from what `bootforge generate` wrote:
 * each member's etcd.service ExecStart and its files come from OUT/hosts/<member>/config.ign (the
 * same files cloud-init and kickstart lay down; formats-agree.test.ts checks that). Every flag is
 * kept; only paths are moved under a scratch root, and the binary is Debian's etcd. Each machine is
 * a network namespace at its inventory address, with its own loopback, so the generated
 * `--listen-client-urls https://<ip>:2379,https://127.0.0.1:2379` works for all three at once.
 *
 * Not reproduced: the unit's User=etcd (etcd runs as root here) and systemd's Type=notify wait.
 * Needs root for the namespaces.
 */
import { type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from './support/bootforge-cli.js';
import { layDownHost, rewriteFlagPaths, rewriteScriptPaths, type HostRoot } from './support/host-root.js';
import { readIgnitionConfig, type IgnitionContent } from './support/ignition-config.js';
import { createLan, type Lan } from './support/netns.js';
import { cacheDir, fixturesDir } from './support/paths.js';
import { runChecked, type ProcessResult } from './support/run-process.js';
import { execStart, parseUnitFile, unitValue } from './support/systemd-unit.js';
import { inCI, skipWithoutTools } from './support/tools.js';

const MEMBERS = [
  { name: 'etcd1', ip: '192.0.2.21' },
  { name: 'etcd2', ip: '192.0.2.22' },
  { name: 'etcd3', ip: '192.0.2.23' },
] as const;
const MASTER = { name: 'master1', ip: '192.0.2.31' };
const ENDPOINTS = MEMBERS.map((m) => `https://${m.ip}:2379`).join(',');
const FLANNEL_KEY = '/coreos.com/network/config';
/** Where the generated units expect the downloaded etcd binaries; Debian's are used instead. */
const BINARIES: Readonly<Record<string, string>> = {
  '/usr/local/bin/etcd': 'etcd',
  '/usr/local/bin/etcdctl': 'etcdctl',
};

/**
 * Two clusters: flannel 0.17 talks to etcd's v2 API (etcd runs with --enable-v2), flannel 0.22 to
 * the v3 API. Each writes and reads the network config through its own API.
 */
const VARIANTS = [
  { fixture: 'etcd-cluster.yaml', api: 'v2', lanPrefix: 'bf2' },
  { fixture: 'etcd-cluster-v3.yaml', api: 'v3', lanPrefix: 'bf3' },
] as const;

function skipWithoutRoot(): boolean {
  if (process.getuid?.() === 0) return false;
  const message = 'etcd cluster: needs root for network namespaces';
  if (inCI) throw new Error(`${message} (CI=true)`);
  console.warn(`SKIPPED ${message}`);
  return true;
}

const skip =
  skipWithoutTools('etcd cluster', ['etcd', 'etcdctl', 'openssl', 'curl', 'ip', 'bash']) || skipWithoutRoot();

interface Member {
  name: string;
  ip: string;
  host: HostRoot;
  ignition: IgnitionContent;
  argv: string[];
  generatedArgv: string[];
  process?: ChildProcess;
  log: string;
}

for (const variant of VARIANTS) {
  describe.skipIf(skip)(
    `a three-member etcd cluster from the generated files, flannel on the etcd ${variant.api} API`,
    () => clusterSuite(variant),
  );
}

function clusterSuite(variant: (typeof VARIANTS)[number]): void {
  let work: string;
  let lan: Lan;
  let master: HostRoot;
  const members: Member[] = [];
  let started = 0;

  beforeAll(async () => {
    started = Date.now();
    await mkdir(cacheDir, { recursive: true });
    work = await mkdtemp(join(cacheDir, 'etcd-'));
    const out = join(work, 'out');
    await generate(join(fixturesDir, variant.fixture), out, join(work, 'pki'));
    lan = await createLan(
      variant.lanPrefix,
      [...MEMBERS, MASTER].map((m) => ({ ...m, prefixLength: 24 })),
    );

    const masterIgnition = readIgnitionConfig(
      await readFile(join(out, 'hosts', MASTER.name, 'config.ign'), 'utf8'),
    );
    master = await layDownHost(masterIgnition, join(work, MASTER.name));
    for (const spec of MEMBERS) {
      const ignition = readIgnitionConfig(
        await readFile(join(out, 'hosts', spec.name, 'config.ign'), 'utf8'),
      );
      const host = await layDownHost(ignition, join(work, spec.name));
      const unit = ignition.units.find((u) => u.name === 'etcd.service');
      if (unit?.contents === undefined) throw new Error(`${spec.name}: no etcd.service in config.ign`);
      expect(unit.enabled).toBe(true);
      const generatedArgv = execStart(parseUnitFile(unit.contents));
      const argv = rewriteFlagPaths(generatedArgv, host);
      argv[0] = BINARIES[argv[0] ?? ''] ?? argv[0] ?? ''; // Debian's etcd instead of the downloaded one
      const dataDir = flagValue(argv, 'data-dir');
      await mkdir(dataDir, { recursive: true, mode: 0o700 });
      members.push({ ...spec, host, ignition, argv, generatedArgv, log: '' });
    }
    for (const member of members) startMember(member);
    await waitFor(
      'quorum',
      60_000,
      async () => (await etcdctl(MASTER.name, ['endpoint', 'health'])).code === 0,
    );
    console.info(`etcd cluster: quorum after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  });

  afterAll(async () => {
    for (const member of members) await stopMember(member);
    await lan?.destroy();
    if (work !== undefined) {
      for (const member of members) await writeFile(join(work, `${member.name}.log`), member.log);
      if (process.env.BOOTFORGE_E2E_KEEP !== '1') await rm(work, { recursive: true, force: true });
    }
    console.info(`etcd cluster: ${((Date.now() - started) / 1000).toFixed(1)} s in all`);
  });

  function startMember(member: Member): void {
    const child = lan.spawn(member.name, member.argv[0] ?? 'etcd', member.argv.slice(1));
    child.stdout?.on('data', (chunk: Buffer) => (member.log += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (member.log += chunk.toString()));
    member.process = child;
  }

  async function stopMember(member: Member): Promise<void> {
    const child = member.process;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGTERM');
    await exited;
  }

  /** etcdctl (v3 API) from a machine's namespace with the master's generated etcd client certificate. */
  function etcdctl(machine: string, args: readonly string[], endpoints = ENDPOINTS): Promise<ProcessResult> {
    return lan.run(
      machine,
      'etcdctl',
      [
        `--endpoints=${endpoints}`,
        `--cacert=${master.inRoot('/etc/kubernetes/pki/etcd/ca.crt')}`,
        `--cert=${master.inRoot('/etc/kubernetes/pki/apiserver-etcd-client.crt')}`,
        `--key=${master.inRoot('/etc/kubernetes/pki/apiserver-etcd-client.key')}`,
        '--command-timeout=10s',
        ...args,
      ],
      { env: { ...process.env, ETCDCTL_API: '3' }, timeoutMs: 30_000 },
    );
  }

  it('runs each member with exactly the generated flags (only paths moved)', () => {
    for (const member of members) {
      const names = (argv: readonly string[]): string[] => argv.slice(1).map((a) => a.replace(/=.*$/, ''));
      expect(names(member.argv)).toEqual(names(member.generatedArgv));
      expect(flagValue(member.argv, 'name')).toBe(member.name);
      expect(flagValue(member.argv, 'listen-client-urls')).toBe(
        `https://${member.ip}:2379,https://127.0.0.1:2379`,
      );
      if (variant.api === 'v2') expect(flagValue(member.argv, 'enable-v2')).toBe('true');
      else expect(member.argv.some((a) => a.startsWith('--enable-v2'))).toBe(false);
      // Only path values differ from the generated command line.
      member.argv.slice(1).forEach((arg, i) => {
        const generated = member.generatedArgv[i + 1] ?? '';
        if (arg !== generated) expect(arg).toBe(generated.replace('=/', `=${member.host.root}/`));
      });
    }
  });

  it('forms a quorum: endpoint health and member list with the generated client certificate', async () => {
    const health = await etcdctl(MASTER.name, ['endpoint', 'health']);
    expect(health.code, health.stderr).toBe(0);
    for (const member of MEMBERS)
      expect(health.stdout + health.stderr).toContain(`https://${member.ip}:2379 is healthy`);
    const list = await etcdctl(MASTER.name, ['member', 'list', '--write-out=simple']);
    expect(list.code, list.stderr).toBe(0);
    const names = list.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(', ')[2])
      .sort();
    expect(names).toEqual(MEMBERS.map((m) => m.name));
  });

  it(`writes the flannel network config once through the ${variant.api} API; running the step again changes nothing`, async () => {
    const writer = members[0];
    if (writer === undefined) throw new Error('no members');
    const unitText = writer.ignition.units.find((u) => u.name === 'flannel-network-config.service')?.contents;
    if (unitText === undefined) throw new Error(`${writer.name}: no flannel-network-config.service`);
    const unit = parseUnitFile(unitText);
    const scriptPath = execStart(unit)[0] ?? '';
    const marker = (unitValue(unit, 'Unit', 'ConditionPathExists') ?? '').replace(/^!/, '');
    expect(marker).toMatch(/^\//);
    const script = writer.ignition.files.find((f) => f.path === scriptPath)?.bytes?.toString('utf8');
    if (script === undefined) throw new Error(`${writer.name}: ${scriptPath} is not in config.ign`);
    const runnable = join(work, 'flannel-network-config.sh');
    let text = rewriteScriptPaths(script, [...writer.host.files, marker], writer.host);
    for (const [binary, debian] of Object.entries(BINARIES)) text = text.replaceAll(binary, debian);
    await writeFile(runnable, text, { mode: 0o755 });
    const expected = (await readFile(writer.host.inRoot('/etc/flannel/network-config.json'), 'utf8')).trim();

    const first = await lan.run(writer.name, 'bash', [runnable], { timeoutMs: 120_000 });
    expect(first.code, first.stderr).toBe(0);
    if (variant.api === 'v2') expect(first.stdout).toContain('wrote');
    const afterFirst = await readKey(writer.name);
    expect(afterFirst.value).toBe(expected);

    // Second run of the step: the done-marker ends it at once.
    const second = await lan.run(writer.name, 'bash', [runnable], { timeoutMs: 60_000 });
    expect(second.code, second.stderr).toBe(0);
    expect(await readKey(writer.name)).toEqual(afterFirst);

    // Without the marker (another host, or a lost marker) the create-only write keeps the key.
    await rm(writer.host.inRoot(marker));
    const third = await lan.run(writer.name, 'bash', [runnable], { timeoutMs: 60_000 });
    expect(third.code, third.stderr).toBe(0);
    if (variant.api === 'v2') expect(third.stdout).toContain('already exists');
    expect(await readKey(writer.name)).toEqual(afterFirst);
  });

  /** The flannel key and its modification index/revision, read through the API flannel uses. */
  function readKey(machine: string): Promise<{ value: string; modifiedIndex: string }> {
    return variant.api === 'v2' ? readV2(machine) : readV3(machine);
  }

  async function readV3(machine: string): Promise<{ value: string; modifiedIndex: string }> {
    const result = await etcdctl(machine, ['get', FLANNEL_KEY, '--write-out=json']);
    expect(result.code, result.stderr).toBe(0);
    const parsed = JSON.parse(result.stdout) as { kvs?: { value: string; mod_revision: number }[] };
    const kv = parsed.kvs?.[0];
    if (kv === undefined) throw new Error(`${FLANNEL_KEY} is not in etcd`);
    return {
      value: Buffer.from(kv.value, 'base64').toString('utf8'),
      modifiedIndex: String(kv.mod_revision),
    };
  }

  async function readV2(machine: string): Promise<{ value: string; modifiedIndex: string }> {
    const result = await lan.run(
      machine,
      'etcdctl',
      [
        `--endpoints=${ENDPOINTS}`,
        `--ca-file=${master.inRoot('/etc/kubernetes/pki/etcd/ca.crt')}`,
        `--cert-file=${master.inRoot('/etc/kubernetes/pki/apiserver-etcd-client.crt')}`,
        `--key-file=${master.inRoot('/etc/kubernetes/pki/apiserver-etcd-client.key')}`,
        '--output=extended',
        'get',
        FLANNEL_KEY,
      ],
      { env: { ...process.env, ETCDCTL_API: '2' }, timeoutMs: 30_000 },
    );
    expect(result.code, result.stderr).toBe(0);
    const modifiedIndex = /^Modified-Index: (\d+)$/m.exec(result.stdout)?.[1] ?? '';
    const value = result.stdout.split('\n\n')[1]?.trim() ?? '';
    expect(modifiedIndex).not.toBe('');
    return { value, modifiedIndex };
  }

  it('refuses a client certificate from another CA', async () => {
    const other = join(work, 'other-ca');
    await mkdir(other, { recursive: true });
    const ssl = (args: string[]): Promise<ProcessResult> => runChecked('openssl', args, { cwd: other });
    await ssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ca.key']);
    await ssl([
      'req',
      '-x509',
      '-new',
      '-key',
      'ca.key',
      '-subj',
      '/CN=other-ca',
      '-days',
      '1',
      '-out',
      'ca.crt',
    ]);
    await ssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'client.key']);
    await ssl([
      'req',
      '-new',
      '-key',
      'client.key',
      '-subj',
      '/CN=kube-apiserver-etcd-client',
      '-out',
      'client.csr',
    ]);
    await writeFile(join(other, 'ext'), 'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature\n');
    await ssl([
      'x509',
      '-req',
      '-in',
      'client.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      'ext',
      '-out',
      'client.crt',
    ]);
    const attempt = (cert: string[]): Promise<ProcessResult> =>
      lan.run(
        MASTER.name,
        'etcdctl',
        [
          `--endpoints=https://${MEMBERS[0].ip}:2379`,
          `--cacert=${master.inRoot('/etc/kubernetes/pki/etcd/ca.crt')}`,
          ...cert,
          '--dial-timeout=2s',
          '--command-timeout=3s',
          'get',
          FLANNEL_KEY,
        ],
        { env: { ...process.env, ETCDCTL_API: '3' }, timeoutMs: 30_000 },
      );
    const foreign = await attempt([
      `--cert=${join(other, 'client.crt')}`,
      `--key=${join(other, 'client.key')}`,
    ]);
    expect(foreign.code).not.toBe(0);
    const none = await attempt([]);
    expect(none.code).not.toBe(0);
    const own = await attempt([
      `--cert=${master.inRoot('/etc/kubernetes/pki/apiserver-etcd-client.crt')}`,
      `--key=${master.inRoot('/etc/kubernetes/pki/apiserver-etcd-client.key')}`,
    ]);
    expect(own.code, own.stderr).toBe(0);
    // etcd itself refused both at the TLS handshake, from the master's address.
    const rejected = (members[0]?.log ?? '')
      .split('\n')
      .filter((line) => line.includes('rejected connection') && line.includes(`"${MASTER.ip}:`));
    expect(rejected.some((line) => line.includes('certificate signed by unknown authority'))).toBe(true);
    expect(rejected.some((line) => line.includes("didn't provide a certificate"))).toBe(true);
  });

  it('keeps serving with one member stopped', async () => {
    const stopped = members[2];
    if (stopped === undefined) throw new Error('no third member');
    await stopMember(stopped);
    const live = MEMBERS.slice(0, 2)
      .map((m) => `https://${m.ip}:2379`)
      .join(',');
    const put = await etcdctl(MASTER.name, ['put', '/e2e/after-stop', 'still-serving'], live);
    expect(put.code, put.stderr).toBe(0);
    const get = await etcdctl(MASTER.name, ['get', '--print-value-only', '/e2e/after-stop'], live);
    expect(get.stdout.trim()).toBe('still-serving');
    const health = await etcdctl(MASTER.name, ['endpoint', 'health', '--dial-timeout=2s']);
    expect(health.code).not.toBe(0);
    expect(health.stdout + health.stderr).toContain(`https://${MEMBERS[2].ip}:2379 is unhealthy`);
    expect(health.stdout + health.stderr).toContain(`https://${MEMBERS[0].ip}:2379 is healthy`);
  });
}

function flagValue(argv: readonly string[], name: string): string {
  const prefix = `--${name}=`;
  const arg = argv.find((a) => a.startsWith(prefix));
  if (arg === undefined) throw new Error(`no --${name} in ${argv.join(' ')}`);
  return arg.slice(prefix.length);
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
