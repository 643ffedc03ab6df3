/**
 * Install waits reach the boot server (issue 14.1): the real install-artifacts script downloads
 * from a local mirror that fails N times, and each back-off wait arrives at a real `serve` as a
 * progress report from the host's own generated report script, report.env and token: /status
 * shows the host's phase unchanged with `waiting for <artifact> (attempt n, next try in d s)` as
 * its message (and `progress`), until its next phase report. A boot server that does not answer
 * does not slow the download down.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureTerminal } from '../../cli/terminal.js';
import { REPORT_ENV_PATH, reportScriptPath, REPORT_TOKEN_PATH } from '../../host/lifecycle.js';
import { osFamily } from '../../os/registry.js';
import { builtinTemplates, renderTemplate } from '../../profiles/templates.js';
import { createBootServer, type BootServer } from '../../server/boot-server.js';
import { hasTool } from '../generators/support/tools.js';
import { fetchRaw } from './http-client.js';

const REPORT_SCRIPT = reportScriptPath(osFamily('el9'));
const sha = (data: string): string => createHash('sha256').update(data).digest('hex');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

const inventory = (port: number): string => `version: 1
cluster:
  name: lo
  os: el9
  runtime: containerd
  kubernetes: { version: "1.29.10", serviceCIDR: 10.32.0.0/24, podCIDR: 10.200.0.0/16 }
  network: { cidr: 127.0.0.0/24, gateway: 127.0.0.1, nameservers: [127.0.0.1] }
  bootServer: http://127.0.0.1:${port}
  pki: { keyAlgorithm: ecdsa }
  ssh:
    authorizedKeys:
      - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILfe2CYNLNY/fsKUPymOhid64Ez+hFpBW3wxOfA+9ejq admin@example
hosts:
  - { name: lo1, roles: [etcd, master], ip: 127.0.0.21, mac: "52:54:00:00:00:21" }
  - { name: lo2, roles: [node], ip: 127.0.0.22, mac: "52:54:00:00:00:22" }
`;

let dir = '';
let serve: BootServer | undefined;
let servePort = 0;
let mirror: Server | undefined;
let mirrorBase = '';
let generated = '';
const failures = new Map<string, number>();
const served = new Map<string, string>();

/** lo2's lifecycle files out of its generated user-data, laid down under dir/root. */
async function layDown(): Promise<string> {
  const doc = load(await readFile(join(dir, 'out', 'hosts', 'lo2', 'user-data'), 'utf8')) as {
    write_files: { path: string; content: string; permissions: string; encoding?: string }[];
  };
  const root = join(dir, 'root');
  for (const path of [REPORT_SCRIPT, REPORT_ENV_PATH, REPORT_TOKEN_PATH]) {
    const entry = doc.write_files.find((f) => f.path === path);
    if (entry === undefined) throw new Error(`lo2's user-data does not write ${path}`);
    const content = entry.encoding === 'b64' ? Buffer.from(entry.content, 'base64') : entry.content;
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), content, { mode: parseInt(entry.permissions, 8) });
  }
  return root;
}

/** The install script as lo2 gets it, with its paths under `root`; runs it, resolves when it ends. */
async function install(
  root: string,
  name: string,
  env: Record<string, string>,
): Promise<{ status: number | null; out: string; ms: number }> {
  const script = renderTemplate(
    builtinTemplates(),
    'host/install-artifacts.sh.hbs',
    {
      hostname: 'lo2',
      reportScript: join(root, REPORT_SCRIPT),
      cacheDir: join(root, 'cache'),
      markerDir: join(root, 'markers', name),
      artifacts: [
        {
          name,
          version: '1.0',
          url: `${mirrorBase}/dl/${name}`,
          fileName: name,
          sha256: '',
          checksumUrl: `${mirrorBase}/dl/${name}.sha256`,
          checksumFormat: 'sidecar',
          archive: false,
          marker: `${name}-1.0.done`,
          installs: [{ from: '', to: join(root, 'bin', name), mode: '0755' }],
        },
      ],
    },
    'lo2',
  );
  const file = join(root, `install-${name}.sh`);
  await writeFile(file, script, { mode: 0o755 });
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [file, '--once'], {
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        BOOTFORGE_RETRY_DELAY: '1',
        BOOTFORGE_RETRY_MAX_DELAY: '1',
        BOOTFORGE_REPORT_TOKEN_FILE: join(root, REPORT_TOKEN_PATH),
        ...env,
      },
    });
    let out = '';
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, out, ms: Date.now() - started }));
  });
}

interface Shown {
  name: string;
  phase: string;
  message: string;
  progress?: string;
}

async function lo2(): Promise<Shown> {
  const status = await fetchRaw(servePort, '/status');
  return (JSON.parse(status.text) as { hosts: Shown[] }).hosts.find((h) => h.name === 'lo2')!;
}

async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bootforge-install-wait-'));
  await chmod(dir, 0o755);
  servePort = await freePort();
  await writeFile(join(dir, 'lo.yaml'), inventory(servePort));
  const term = captureTerminal({ cwd: dir });
  const code = await main(['generate', 'lo.yaml', '-o', 'out'], term);
  generated = `exit ${code}\n${term.stderr}${term.stdout}`;
  if (code !== 0) return;
  serve = await createBootServer({ outDir: join(dir, 'out'), pollIntervalMs: 0, log: () => undefined });
  await serve.listen('127.0.0.1', servePort);
  mirror = createHttpServer((req, res) => {
    const url = req.url ?? '';
    const left = failures.get(url) ?? 0;
    if (left > 0) {
      failures.set(url, left - 1);
      res.writeHead(503).end();
      return;
    }
    const body = served.get(url);
    res.writeHead(body === undefined ? 404 : 200).end(body);
  });
  await new Promise<void>((resolve) => mirror!.listen(0, '127.0.0.1', resolve));
  mirrorBase = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await serve?.close();
  await new Promise<void>((resolve) => (mirror ? mirror.close(() => resolve()) : resolve()));
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe.runIf(hasTool('curl') && hasTool('bash'))('install waits reported to a real serve', () => {
  it('generates', () => expect(generated).toMatch(/^exit 0\n/));

  it('each wait of a failing download arrives as progress; the phase stays; the next phase report ends it', async () => {
    const root = await layDown();
    served.set('/dl/kubectl', 'kubectl\n');
    served.set('/dl/kubectl.sha256', sha('kubectl\n'));
    failures.set('/dl/kubectl', 3);
    const result = await install(root, 'kubectl', { BOOTFORGE_REPORT_ENV: join(root, REPORT_ENV_PATH) });
    expect(result.status).toBe(0);
    expect(await readFile(join(root, 'bin', 'kubectl'), 'utf8')).toBe('kubectl\n');
    // The last of the three waits is what /status shows (reports run in the background).
    await until(async () => (await lo2()).progress === 'waiting for kubectl (attempt 3, next try in 1 s)');
    expect(await lo2()).toMatchObject({
      phase: 'pending',
      message: 'waiting for kubectl (attempt 3, next try in 1 s)',
    });

    const report = spawn('sh', [join(root, REPORT_SCRIPT), 'installed', 'cloud-init runcmd done'], {
      env: {
        PATH: '/usr/bin:/bin',
        BOOTFORGE_REPORT_ENV: join(root, REPORT_ENV_PATH),
        BOOTFORGE_REPORT_TOKEN_FILE: join(root, REPORT_TOKEN_PATH),
      },
    });
    await new Promise((r) => report.on('close', r));
    const after = await lo2();
    expect(after).toMatchObject({ phase: 'installed', message: 'cloud-init runcmd done' });
    expect(after.progress).toBeUndefined();

    // A wait while installed: reported with the phase kept.
    served.set('/dl/etcdctl', 'etcdctl\n');
    served.set('/dl/etcdctl.sha256', sha('etcdctl\n'));
    failures.set('/dl/etcdctl.sha256', 1);
    expect(
      (await install(root, 'etcdctl', { BOOTFORGE_REPORT_ENV: join(root, REPORT_ENV_PATH) })).status,
    ).toBe(0);
    await until(async () => (await lo2()).progress !== undefined);
    expect(await lo2()).toMatchObject({
      phase: 'installed',
      message: 'waiting for the checksum of etcdctl (attempt 1, next try in 1 s)',
    });
  }, 30_000);

  it('a boot server that does not answer never holds up the download', async () => {
    const root = await layDown();
    const dead = await freePort();
    const deadEnv = join(root, 'dead.env');
    await writeFile(deadEnv, `BOOTFORGE_REPORT_URL=http://127.0.0.1:${dead}/report/lo2\n`);
    served.set('/dl/crictl', 'crictl\n');
    served.set('/dl/crictl.sha256', sha('crictl\n'));
    failures.set('/dl/crictl', 3);
    const result = await install(root, 'crictl', { BOOTFORGE_REPORT_ENV: deadEnv });
    expect(result.status).toBe(0);
    expect(result.out.split('\n').filter((l) => l.includes('retrying'))).toHaveLength(3);
    // Three 1 s waits, plus the downloads; the reports (one attempt each) run beside them.
    expect(result.ms).toBeLessThan(6000);
  }, 30_000);
});
