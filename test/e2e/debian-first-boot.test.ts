/**
 * A first boot proven by the real components: four QEMU VMs (TCG) boot a Debian 12 disk image
 * built from Debian packages (support/debian-image/build.sh: systemd, Debian's cloud-init, curl,
 * a kernel), each with its own `seed.iso` from `bootforge generate` attached. Debian's cloud-init
 * finds the NoCloud seed by its `cidata` label, applies network-config (static address on the
 * test's bridge) and user-data (apt's archive, users and keys, files, units, runcmd). apt reads the
 * archive the user-data names on the inventory's mirror (`serve --assets`: an empty archive the
 * image build signed, support/debian-image/build.sh). Three etcd members fetch etcd from there (a
 * release-layout tarball built here from Debian's etcd-server binaries, its sha256 pinned through
 * cluster.artifacts.sha256.etcd), form one etcd cluster over the bridge and report `ready`; one
 * writes flannel's network config. The fourth VM, node1 (role `node` only), cannot have its
 * Kubernetes binaries offline: its units are laid down, enabled and waiting on install-artifacts,
 * which retries with its back-off, and it never reports `failed`.
 *
 * Asserted from outside: cloud-init's own verdict (no errors, schema valid), every file, directory,
 * user, key and unit of each host's user-data on its VM byte for byte (reported by the image's
 * agent, support/debian-image/e2e-report, on a second serial port), what each VM fetched from
 * serve, etcd's health and members with the master's generated etcd client certificate, the
 * flannel key written once, no first-boot unit failed, and each host's phase in serve's /status.
 *
 * Not here: running Kubernetes components (their binaries cannot be had offline); master1 is
 * rendered but not booted. Needs root (network namespace, tap devices).
 */
import { type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { cp, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from './support/bootforge-cli.js';
import { readCloudConfig, type CloudConfigContent } from './support/cloud-config.js';
import { debianImage, DEBIAN_IMAGE_TOOLS, type DebianImage } from './support/debian-image.js';
import { writeInventory } from './support/inventory-file.js';
import { bootforgeBin, cacheDir } from './support/paths.js';
import { runChecked } from './support/run-process.js';
import { inCI, skipWithoutTools } from './support/tools.js';
import { createVmLan, type VmLan } from './support/vm-lan.js';

const ETCD_VMS = [
  { name: 'deb1', ip: '192.0.2.21', mac: '52:54:00:e2:d1:21', memory: '640' },
  { name: 'deb2', ip: '192.0.2.22', mac: '52:54:00:e2:d1:22', memory: '640' },
  { name: 'deb3', ip: '192.0.2.23', mac: '52:54:00:e2:d1:23', memory: '640' },
] as const;
/** Role `node` only: its Kubernetes binaries are not on the mirror. */
const NODE_VM = { name: 'node1', ip: '192.0.2.41', mac: '52:54:00:e2:d1:41', memory: '512' } as const;
const VMS = [...ETCD_VMS, NODE_VM] as const;
const MASTER = 'master1';
const SERVE = '192.0.2.2:8080';
const ENDPOINTS = ETCD_VMS.map((m) => `https://${m.ip}:2379`).join(',');
/** The node's units that need its binaries: laid down, enabled, their start jobs waiting. */
const WAITING_UNITS = ['containerd.service', 'flanneld.service', 'kube-proxy.service', 'kubelet.service'];
/** The apt suites the debian12 user-data names, each on the mirror: path under /assets/. */
const APT_SUITES = [
  'deb.debian.org/debian/dists/bookworm',
  'deb.debian.org/debian/dists/bookworm-updates',
  'deb.debian.org/debian-security/dists/bookworm-security',
];
const FLANNEL_KEY = '/coreos.com/network/config';
/** All four VMs boot at once; each gets this long to report (TCG on 2 shared cores). */
const BOOT_TIMEOUT_MS = 25 * 60_000;

function skipWithoutRoot(): boolean {
  if (process.getuid?.() === 0) return false;
  const message = 'Debian first boot: needs root for the network namespace and tap devices';
  if (inCI) throw new Error(`${message} (CI=true)`);
  console.warn(`SKIPPED ${message}`);
  return true;
}

const skip =
  skipWithoutTools('Debian first boot', [
    'qemu-system-x86_64',
    ...DEBIAN_IMAGE_TOOLS,
    'etcd',
    'etcdctl',
    'curl',
    'ip',
    'tar',
    'gzip',
  ]) || skipWithoutRoot();

/** What the agent printed for one VM (support/debian-image/e2e-report). */
interface Report {
  cloudInitErrors: string;
  schema: string;
  files: Map<string, string>;
  dirs: Map<string, string>;
  units: Map<string, { enabled: string; active: string; sub: string; result: string }>;
  users: Map<string, string>;
  keys: Map<string, string[]>;
  /** Queued systemd jobs: unit -> `type state` (`start waiting`). */
  jobs: Map<string, string>;
  /** Retry lines of a unit's journal: unix seconds and message. */
  journal: Map<string, { at: number; message: string }[]>;
}

function parseReport(raw: string, host: string): Report | undefined {
  // The serial line discipline ends lines with \r\n.
  const text = raw.replaceAll('\r', '');
  const begin = text.indexOf(`E2E-BEGIN ${host}\n`);
  const end = text.indexOf(`E2E-END ${host}\n`);
  if (begin < 0 || end < begin) return undefined;
  const report: Report = {
    cloudInitErrors: '',
    schema: '',
    files: new Map(),
    dirs: new Map(),
    units: new Map(),
    users: new Map(),
    keys: new Map(),
    jobs: new Map(),
    journal: new Map(),
  };
  for (const line of text.slice(begin, end).split('\n')) {
    const [tag = '', name = '', ...rest] = line.split(' ');
    const value = rest.join(' ');
    if (tag === 'E2E-CLOUDINIT-ERRORS') report.cloudInitErrors = [name, value].join(' ').trim();
    else if (tag === 'E2E-CLOUDINIT-SCHEMA') report.schema = [name, value].join(' ').trim();
    else if (tag === 'E2E-FILE') report.files.set(name, value);
    else if (tag === 'E2E-DIR') report.dirs.set(name, value);
    else if (tag === 'E2E-USER') report.users.set(name, value);
    else if (tag === 'E2E-KEY') report.keys.set(name, [...(report.keys.get(name) ?? []), value]);
    else if (tag === 'E2E-JOB') report.jobs.set(name, value);
    else if (tag === 'E2E-JOURNAL') {
      const [at = '', ...message] = rest;
      report.journal.set(name, [
        ...(report.journal.get(name) ?? []),
        { at: Number(at), message: message.join(' ') },
      ]);
    } else if (tag === 'E2E-UNIT') {
      const [enabled = '', active = '', sub = '', result = ''] = rest;
      report.units.set(name, { enabled, active, sub, result });
    }
  }
  return report;
}

const octal = (mode: number): string => mode.toString(8);

interface Vm {
  name: string;
  ip: string;
  memory: string;
  userData: CloudConfigContent;
  /** Files the host downloads (remote-files.tsv and install-artifacts.sh): path -> sha256. */
  downloaded: Map<string, string>;
  process?: ChildProcess;
  serial: string;
  reportFile: string;
  report?: Report;
  ms?: number;
}

async function sha256File(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

describe.skipIf(skip)(
  'four Debian 12 VMs: Debian cloud-init applies the seed ISOs, etcd forms one cluster, the node waits',
  () => {
    let work: string;
    let image: DebianImage;
    let lan: VmLan | undefined;
    let serve: ChildProcess | undefined;
    let serveOutput = '';
    let out: string;
    let etcdVersion: string;
    let binaries: Map<string, string>;
    let imageMs = 0;
    let bootMs = 0;
    const vms: Vm[] = [];

    const inLan = (program: string, args: readonly string[]) => {
      if (lan === undefined) throw new Error('no LAN');
      return lan.run(program, args, { timeoutMs: 60_000 });
    };

    beforeAll(
      async () => {
        const started = Date.now();
        image = await debianImage();
        imageMs = Date.now() - started;
        await mkdir(cacheDir, { recursive: true });
        work = await mkdtemp(join(cacheDir, 'debian-first-boot-'));

        // etcd's release layout from Debian's binaries: etcd-v<version>-linux-amd64/{etcd,etcdctl}.
        const version = /etcd Version: (\S+)/.exec((await runChecked('etcd', ['--version'])).stdout)?.[1];
        if (version === undefined) throw new Error('etcd --version printed no version');
        etcdVersion = version;
        const dir = `etcd-v${version}-linux-amd64`;
        await mkdir(join(work, 'stage', dir), { recursive: true });
        binaries = new Map();
        for (const tool of ['etcd', 'etcdctl']) {
          await copyFile(`/usr/bin/${tool}`, join(work, 'stage', dir, tool));
          binaries.set(`/usr/local/bin/${tool}`, await sha256File(`/usr/bin/${tool}`));
        }
        const release = join(work, 'assets/github.com/etcd-io/etcd/releases/download', `v${version}`);
        await mkdir(release, { recursive: true });
        const tarball = join(release, `${dir}.tar.gz`);
        // The Debian archive on the mirror (cluster.artifacts.mirror is serve's /assets).
        await cp(image.aptMirror, join(work, 'assets'), { recursive: true });
        // flanneld, a remote file pinned to the empty file's sha256 (the fixture's placeholder):
        // served empty, so it verifies and install-artifacts, ordered after it, runs on the node.
        const flannel = join(work, 'assets/github.com/flannel-io/flannel/releases/download/v0.17.0');
        await mkdir(flannel, { recursive: true });
        await writeFile(join(flannel, 'flanneld-amd64'), '');
        await runChecked('tar', [
          '--sort=name',
          '--owner=0',
          '--group=0',
          '--numeric-owner',
          '--mode=0755',
          '-czf',
          tarball,
          '-C',
          join(work, 'stage'),
          dir,
        ]);
        const pin = await sha256File(tarball);

        const inventory = await writeInventory('debian-first-boot.yaml', join(work, 'inventory.yaml'), {
          'cluster.versions.etcd': version,
          'cluster.artifacts.sha256.etcd': pin,
        });
        out = join(work, 'out');
        await generate(inventory, out, join(work, 'pki'));

        lan = await createVmLan(
          'bfdeb',
          ['192.0.2.1/24', '192.0.2.2/24'],
          VMS.map((_, i) => `tap${i}`),
        );
        serve = lan.spawn(process.execPath, [
          bootforgeBin,
          'serve',
          out,
          '--listen',
          SERVE,
          '--assets',
          join(work, 'assets'),
          '--access-log',
          join(work, 'access.log'),
          '--state',
          join(work, 'state'),
          // /status from the test's side of the bridge (never from an inventory host's address).
          '--admin-allow',
          '192.0.2.0/30',
        ]);
        serve.stdout?.on('data', (c: Buffer) => (serveOutput += c.toString()));
        serve.stderr?.on('data', (c: Buffer) => (serveOutput += c.toString()));
        for (let i = 0; ; i++) {
          const health = await inLan('curl', ['-fsS', '--max-time', '2', `http://${SERVE}/healthz`]);
          if (health.code === 0) break;
          if (i > 100) throw new Error(`serve did not start:\n${serveOutput}`);
          await new Promise((r) => setTimeout(r, 200));
        }

        for (const [index, spec] of VMS.entries()) {
          const userData = await readCloudConfig(
            await readFile(join(out, 'hosts', spec.name, 'user-data'), 'utf8'),
          );
          const etcdHost = spec.name !== NODE_VM.name;
          const downloaded = etcdHost ? new Map(binaries) : new Map<string, string>();
          if (etcdHost) downloaded.set(`/var/cache/bootforge/artifacts/${dir}.tar.gz`, pin);
          const vmDir = join(work, spec.name);
          await mkdir(vmDir);
          const expect = [
            ...[...userData.laid.files.keys(), ...downloaded.keys()].map((p) => `file ${p}`),
            ...[...userData.laid.directories.keys()].map((p) => `dir ${p}`),
            ...[...userData.laid.enabledUnits].map((u) => `unit ${u}`),
            ...[...userData.users.keys()].map((u) => `user ${u}`),
            'keys /root/.ssh/authorized_keys',
            'journal install-artifacts.service',
            // The node's binaries never arrive: the agent must find them missing.
            ...(etcdHost ? [] : ['file /usr/local/bin/kubelet', 'file /usr/local/bin/flanneld']),
          ];
          await writeFile(join(vmDir, 'expect'), `${expect.join('\n')}\n`);
          const overlay = join(vmDir, 'disk.qcow2');
          await runChecked('qemu-img', [
            'create',
            '-q',
            '-f',
            'qcow2',
            '-b',
            image.root,
            '-F',
            'raw',
            overlay,
          ]);
          const vm: Vm = { ...spec, userData, downloaded, serial: '', reportFile: join(vmDir, 'report') };
          vms.push(vm);
          const args = [
            ...['-accel', 'tcg', '-m', spec.memory, '-smp', '1', '-nographic', '-nodefaults', '-no-reboot'],
            ...['-monitor', 'none', '-serial', 'stdio', '-serial', `file:${vm.reportFile}`],
            ...['-kernel', image.kernel, '-initrd', image.initrd],
            ...['-append', 'root=/dev/vda rw console=ttyS0 panic=-1'],
            ...['-drive', `file=${overlay},if=virtio,format=qcow2`],
            ...[
              '-drive',
              `file=${join(out, 'hosts', spec.name, 'seed.iso')},if=virtio,format=raw,readonly=on`,
            ],
            ...['-netdev', `tap,id=n0,ifname=tap${index},script=no,downscript=no`],
            ...['-device', `virtio-net-pci,netdev=n0,mac=${spec.mac}`],
            ...['-fw_cfg', `name=opt/bootforge/expect,file=${join(vmDir, 'expect')}`],
          ];
          vm.process = lan.spawn('qemu-system-x86_64', args);
          // The console goes to <vm>/serial.log as it comes (tail it while the VMs boot).
          const log = createWriteStream(join(vmDir, 'serial.log'));
          const take = (c: Buffer): void => {
            vm.serial += c.toString('latin1').replaceAll('\r', '');
            log.write(c);
          };
          vm.process.stdout?.on('data', take);
          vm.process.stderr?.on('data', take);
          vm.process.once('exit', () => log.end());
        }

        const bootStart = Date.now();
        for (;;) {
          for (const vm of vms) {
            if (vm.report !== undefined) continue;
            const text = await readFile(vm.reportFile, 'utf8').catch(() => '');
            vm.report = parseReport(text, vm.name);
            if (vm.report !== undefined) vm.ms = Date.now() - bootStart;
          }
          if (vms.every((vm) => vm.report !== undefined)) break;
          const exited = vms.find((vm) => vm.process?.exitCode !== null);
          if (exited !== undefined) throw new Error(`${exited.name} stopped:\n${exited.serial.slice(-4000)}`);
          if (Date.now() - bootStart > BOOT_TIMEOUT_MS) {
            const late = vms.filter((vm) => vm.report === undefined).map((vm) => vm.name);
            throw new Error(`no report from ${late.join(', ')} within ${BOOT_TIMEOUT_MS / 60_000} min`);
          }
          await new Promise((r) => setTimeout(r, 2000));
        }
        bootMs = Date.now() - bootStart;
        console.log(
          `Debian first boot: image ${image.built ? 'built' : 'cached'} in ${Math.round(imageMs / 1000)} s; ` +
            `all four VMs reported after ${Math.round(bootMs / 1000)} s (` +
            vms.map((vm) => `${vm.name} ${Math.round((vm.ms ?? 0) / 1000)} s`).join(', ') +
            ')',
        );
      },
      BOOT_TIMEOUT_MS + 25 * 60_000,
    );

    afterAll(async () => {
      for (const vm of vms) {
        if (vm.process !== undefined && vm.process.exitCode === null) vm.process.kill('SIGTERM');
      }
      if (serve !== undefined && serve.exitCode === null) serve.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 500));
      await lan?.destroy();
      if (work !== undefined && process.env.BOOTFORGE_E2E_KEEP !== '1')
        await rm(work, { recursive: true, force: true });
    });

    const reportOf = (vm: Vm): Report => {
      if (vm.report === undefined) throw new Error(`${vm.name} did not report`);
      return vm.report;
    };
    const etcdVms = (): Vm[] => vms.filter((vm) => vm.name !== NODE_VM.name);
    const nodeVm = (): Vm => {
      const vm = vms.find((v) => v.name === NODE_VM.name);
      if (vm === undefined) throw new Error(`${NODE_VM.name} was not booted`);
      return vm;
    };
    const accessLog = async (): Promise<{ remote?: string; path: string; status: number }[]> =>
      (await readFile(join(work, 'access.log'), 'utf8'))
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { remote?: string; path: string; status: number })
        .filter((l) => typeof l.remote === 'string');
    const fromVm = <T extends { remote?: string }>(log: T[], vm: Vm): T[] =>
      log.filter((l) => (l.remote ?? '').replace(/^::ffff:/, '').split(':')[0] === vm.ip);

    it("Debian's cloud-init applied each seed without an error, and its schema check accepts the user-data", () => {
      for (const vm of vms) {
        const report = reportOf(vm);
        expect(report.cloudInitErrors, vm.name).toBe('[]');
        expect(report.schema, vm.name).toMatch(/^Valid cloud-config: system userdata/);
      }
    });

    it('every file and directory of the user-data is on its VM: bytes (sha256), mode and owner', () => {
      for (const vm of vms) {
        const report = reportOf(vm);
        const want = [...vm.userData.laid.files].map(
          ([path, f]) => `${path} ${octal(f.mode)} ${f.user}:${f.group} ${f.sha256}`,
        );
        const got = [...vm.userData.laid.files.keys()].map(
          (path) => `${path} ${report.files.get(path) ?? '?'}`,
        );
        expect(got, vm.name).toEqual(want);
        const wantDirs = [...vm.userData.laid.directories].map(
          ([path, d]) => `${path} ${octal(d.mode)} ${d.user}:${d.group}`,
        );
        const gotDirs = [...vm.userData.laid.directories.keys()].map(
          (path) => `${path} ${report.dirs.get(path) ?? '?'}`,
        );
        expect(gotDirs, vm.name).toEqual(wantDirs);
      }
    });

    it('users and SSH keys are the ones the user-data names', () => {
      for (const vm of vms) {
        expect(reportOf(vm).keys.get('/root/.ssh/authorized_keys') ?? [], vm.name).toEqual(
          vm.userData.users.get('root'),
        );
      }
      for (const vm of etcdVms()) {
        const report = reportOf(vm);
        // etcd: a system account (uid below 1000) with its home at the data directory, no login.
        expect(report.users.get('etcd'), vm.name).toMatch(
          /^etcd:x:([1-9]\d{0,2}):\d+:[^:]*:\/var\/lib\/etcd:\/sbin\/nologin$/,
        );
      }
    });

    it("apt read the archive the user-data names, on the inventory's mirror: each suite's InRelease", async () => {
      const log = await accessLog();
      for (const vm of vms) {
        const apt = fromVm(log, vm)
          .filter((l) => l.path.startsWith('/assets/deb.debian.org/'))
          .map((l) => `${l.status} ${l.path}`);
        for (const suite of APT_SUITES) expect(apt, vm.name).toContain(`200 /assets/${suite}/InRelease`);
      }
    });

    it('each etcd VM fetched etcd from serve --assets, verified it, and installed the bytes of the tarball', async () => {
      const log = await accessLog();
      for (const vm of etcdVms()) {
        const report = reportOf(vm);
        for (const [path, sha] of vm.downloaded) {
          expect(report.files.get(path), `${vm.name} ${path}`).toMatch(new RegExp(` ${sha}$`));
        }
        const own = fromVm(log, vm);
        // Its install reports (POST /report/<host>) and apt's archive are in the log too.
        const fetched = own.filter(
          (l) => l.path.startsWith('/assets/') && !l.path.startsWith('/assets/deb.debian.org/'),
        );
        expect(
          own.filter((l) => l.path === `/report/${vm.name}`).map((l) => l.status),
          `${vm.name} reports`,
        ).toContain(202);
        expect(
          fetched.map((l) => `${l.status} ${l.path}`),
          vm.name,
        ).toEqual([
          `200 /assets/github.com/etcd-io/etcd/releases/download/v${etcdVersion}/etcd-v${etcdVersion}-linux-amd64.tar.gz`,
        ]);
      }
    });

    it('the units of the user-data are enabled, none failed; etcd runs; the one-shot steps finished', () => {
      for (const vm of etcdVms()) {
        const report = reportOf(vm);
        for (const name of vm.userData.laid.enabledUnits) {
          const unit = report.units.get(name);
          expect(unit?.enabled, `${vm.name} ${name}`).toBe('enabled');
          expect(unit?.active, `${vm.name} ${name}`).not.toBe('failed');
          expect(unit?.result, `${vm.name} ${name}`).toBe('success');
        }
        expect(report.units.get('etcd.service'), vm.name).toMatchObject({ active: 'active', sub: 'running' });
        expect(report.units.get('install-artifacts.service'), vm.name).toMatchObject({
          active: 'active',
          sub: 'exited',
        });
      }
    });

    it("the node's Kubernetes units are laid down, enabled and waiting on install-artifacts, none failed", () => {
      const vm = nodeVm();
      const report = reportOf(vm);
      for (const name of vm.userData.laid.enabledUnits) {
        const unit = report.units.get(name);
        expect(unit?.enabled, name).toBe('enabled');
        expect(unit?.active, name).not.toBe('failed');
        expect(unit?.result, name).toBe('success');
      }
      for (const name of WAITING_UNITS) {
        expect(vm.userData.laid.enabledUnits, name).toContain(name);
        expect(report.units.get(name), name).toMatchObject({ active: 'inactive', sub: 'dead' });
        expect(report.jobs.get(name), name).toBe('start waiting');
      }
      // install-artifacts is still starting (it never gives up); the host's own step is done.
      expect(report.units.get('install-artifacts.service')).toMatchObject({
        active: 'activating',
        sub: 'start',
      });
      expect(report.jobs.get('install-artifacts.service')).toBe('start running');
      expect(report.units.get('k8s-prerequisites.service')).toMatchObject({
        active: 'active',
        sub: 'exited',
      });
      expect(report.files.get('/usr/local/bin/kubelet')).toBe('missing');
      expect(report.files.get('/usr/local/bin/flanneld')).toBe(
        `755 root:root ${createHash('sha256').digest('hex')}`,
      );
    });

    it("install-artifacts retries the node's downloads with its capped back-off, each wait in the journal", async () => {
      const vm = nodeVm();
      const lines = reportOf(vm).journal.get('install-artifacts.service') ?? [];
      const waits = lines
        .map((l) => ({ at: l.at, delay: Number(/retrying in (\d+)s$/.exec(l.message)?.[1] ?? NaN) }))
        .filter((w) => !Number.isNaN(w.delay));
      expect(waits.length, JSON.stringify(lines)).toBeGreaterThanOrEqual(4);
      expect(waits.slice(0, 4).map((w) => w.delay)).toEqual([2, 4, 8, 16]);
      // Each retry came at least its predecessor's wait later (journal times are whole seconds).
      for (let i = 1; i < waits.length; i++)
        expect(waits[i]!.at - waits[i - 1]!.at + 1).toBeGreaterThanOrEqual(waits[i - 1]!.delay);
      expect(lines[0]?.message).toMatch(
        /^install-artifacts: http:\/\/192\.0\.2\.2:8080\/assets\/github\.com\/.* failed \(attempt 1\), retrying in 2s$/,
      );
      // serve saw the same: the first download asked for again and again, 404 each time.
      const first = /^install-artifacts: http:\/\/192\.0\.2\.2:8080(\S+) failed/.exec(
        lines[0]?.message ?? '',
      )?.[1];
      const asked = fromVm(await accessLog(), vm).filter((l) => l.path === first);
      expect(asked.length).toBeGreaterThanOrEqual(4);
      expect(new Set(asked.map((l) => l.status))).toEqual(new Set([404]));
    });

    it("serve's /status: the etcd members report `ready` for their role, the waiting node never `failed`", async () => {
      type Status = {
        hosts: {
          name: string;
          roles: string[];
          phase: string;
          message: string;
          timeline: { phase: string }[];
        }[];
      };
      let status: Status | undefined;
      // `ready` checks every 10 s once etcd is healthy: give it a few rounds.
      for (let i = 0; i < 30; i++) {
        const got = await inLan('curl', ['-fsS', '--max-time', '5', `http://${SERVE}/status`]);
        expect(got.code, got.stderr).toBe(0);
        status = JSON.parse(got.stdout) as Status;
        const phases = etcdVms().map((vm) => status?.hosts.find((h) => h.name === vm.name)?.phase);
        if (phases.every((p) => p === 'ready')) break;
        await new Promise((r) => setTimeout(r, 5000));
      }
      const byName = new Map(status?.hosts.map((h) => [h.name, h]));
      for (const vm of etcdVms())
        expect(byName.get(vm.name), vm.name).toMatchObject({
          roles: ['etcd'],
          phase: 'ready',
          message: 'ready (etcd)',
        });
      const node = byName.get(NODE_VM.name);
      expect(node?.phase).not.toBe('failed');
      expect(['installed', 'booted']).toContain(node?.phase);
      expect(node?.timeline.map((t) => t.phase)).toContain('installed');
      expect(node?.timeline.map((t) => t.phase)).not.toContain('failed');
    });

    describe('etcd, from outside the VMs, with the generated certificates', () => {
      let tls: string[];
      beforeAll(async () => {
        const dir = join(work, 'client');
        await mkdir(dir, { recursive: true });
        const doc = load(await readFile(join(out, 'hosts', MASTER, 'user-data'), 'utf8')) as {
          write_files: { path: string; content: string }[];
        };
        const pick = async (path: string, name: string): Promise<string> => {
          const entry = doc.write_files.find((f) => f.path === path);
          if (entry === undefined) throw new Error(`${MASTER} has no ${path}`);
          await writeFile(join(dir, name), entry.content, { mode: 0o600 });
          return join(dir, name);
        };
        tls = [
          '--cacert',
          await pick('/etc/kubernetes/pki/etcd/ca.crt', 'ca.crt'),
          '--cert',
          await pick('/etc/kubernetes/pki/apiserver-etcd-client.crt', 'client.crt'),
          '--key',
          await pick('/etc/kubernetes/pki/apiserver-etcd-client.key', 'client.key'),
        ];
      });

      it('all three members are healthy and in one cluster', async () => {
        const health = await inLan('etcdctl', ['--endpoints', ENDPOINTS, ...tls, 'endpoint', 'health']);
        expect(health.code, health.stderr).toBe(0);
        for (const vm of etcdVms())
          expect(health.stderr + health.stdout).toContain(`https://${vm.ip}:2379 is healthy`);
        const members = await inLan('etcdctl', [
          '--endpoints',
          ENDPOINTS,
          ...tls,
          'member',
          'list',
          '-w',
          'json',
        ]);
        expect(members.code, members.stderr).toBe(0);
        const list = (JSON.parse(members.stdout) as { members: { name: string; peerURLs: string[] }[] })
          .members;
        expect(list.map((m) => `${m.name} ${m.peerURLs.join(',')}`).sort()).toEqual(
          etcdVms().map((vm) => `${vm.name} https://${vm.ip}:2380`),
        );
        expect(etcdVersion).toMatch(/^3\./);
      });

      it("flannel's network config was written once, as the inventory says", async () => {
        const key = await inLan('curl', [
          '-fsS',
          ...['--cacert', tls[1]!, '--cert', tls[3]!, '--key', tls[5]!],
          `https://${ETCD_VMS[0].ip}:2379/v2/keys${FLANNEL_KEY}`,
        ]);
        expect(key.code, key.stderr).toBe(0);
        const node = (
          JSON.parse(key.stdout) as { node: { value: string; createdIndex: number; modifiedIndex: number } }
        ).node;
        expect(node.createdIndex).toBe(node.modifiedIndex);
        expect(JSON.parse(node.value)).toMatchObject({ Network: '192.168.0.0/16' });
      });

      it('a client certificate from another CA is refused', async () => {
        const foreign = join(work, 'foreign');
        await mkdir(foreign, { recursive: true });
        await runChecked('openssl', [
          ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1'],
          ...['-subj', '/CN=intruder', '-keyout', join(foreign, 'k.pem'), '-out', join(foreign, 'c.pem')],
        ]);
        const refused = await inLan('etcdctl', [
          ...['--endpoints', `https://${ETCD_VMS[1].ip}:2379`, '--cacert', tls[1]!],
          ...['--cert', join(foreign, 'c.pem'), '--key', join(foreign, 'k.pem'), '--dial-timeout', '5s'],
          ...['--command-timeout', '10s', 'endpoint', 'health'],
        ]);
        expect(refused.code).not.toBe(0);
      });
    });
  },
);
