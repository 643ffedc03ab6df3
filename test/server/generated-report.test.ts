/**
 * The report loop on a generated OUT, without a VM: `bootforge generate` (in-process, real PKI)
 * renders a two-host inventory whose boot server is a loopback port, `bootforge serve` serves it,
 * and each host's own report script, report.env and token, taken from its user-data as cloud-init
 * would write them, report to it: accepted with the host's own files, 403 with another host's
 * token, and the phases show in /status.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { captureTerminal } from '../../cli/terminal.js';
import { REPORT_ENV_PATH, reportScriptPath, REPORT_TOKEN_PATH } from '../../host/lifecycle.js';
import { createBootServer, type BootServer } from '../../server/boot-server.js';
import { hasTool } from '../generators/support/tools.js';
import { fetchRaw } from './http-client.js';
import { osFamily } from '../../os/registry.js';

/** The report script where the example inventories' families (EL) keep it. */
const REPORT_SCRIPT_PATH = reportScriptPath(osFamily('centos7'));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
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
let server: BootServer | undefined;
let port = 0;
let generated = '';
const logLines: string[] = [];

/** A host's lifecycle files out of its user-data's write_files, laid down under dir/<host>/. */
async function layDown(host: string): Promise<string> {
  const doc = load(await readFile(join(dir, 'out', 'hosts', host, 'user-data'), 'utf8')) as {
    write_files: { path: string; content: string; permissions: string; encoding?: string }[];
  };
  const root = join(dir, 'roots', host);
  for (const path of [REPORT_SCRIPT_PATH, REPORT_ENV_PATH, REPORT_TOKEN_PATH]) {
    const entry = doc.write_files.find((f) => f.path === path);
    if (entry === undefined) throw new Error(`${host}'s user-data does not write ${path}`);
    const content = entry.encoding === 'b64' ? Buffer.from(entry.content, 'base64') : entry.content;
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), content, { mode: parseInt(entry.permissions, 8) });
  }
  return root;
}

function report(
  root: string,
  args: string[],
  token = join(root, REPORT_TOKEN_PATH),
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', [join(root, REPORT_SCRIPT_PATH), ...args], {
      env: {
        PATH: '/usr/bin:/bin',
        BOOTFORGE_REPORT_ENV: join(root, REPORT_ENV_PATH),
        BOOTFORGE_REPORT_TOKEN_FILE: token,
        BOOTFORGE_REPORT_ATTEMPTS: '1',
      },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bootforge-generated-report-'));
  await chmod(dir, 0o755);
  port = await freePort();
  await writeFile(join(dir, 'lo.yaml'), inventory(port));
  const term = captureTerminal({ cwd: dir });
  const code = await main(['generate', 'lo.yaml', '-o', 'out'], term);
  generated = `exit ${code}\n${term.stderr}${term.stdout}`;
  if (code !== 0) return;
  server = await createBootServer({
    outDir: join(dir, 'out'),
    pollIntervalMs: 0,
    log: (line) => logLines.push(line),
  });
  await server.listen('127.0.0.1', port);
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (dir !== '') await rm(dir, { recursive: true, force: true });
});

describe.runIf(hasTool('curl'))('a generated host reports to bootforge serve', () => {
  it('generates', () => expect(generated).toMatch(/^exit 0\n/));

  it("is accepted with the host's own script, URL and token; refused with another host's token", async () => {
    const lo1 = await layDown('lo1');
    const lo2 = await layDown('lo2');
    const ownToken = (await readFile(join(lo2, REPORT_TOKEN_PATH), 'utf8')).trim();
    expect(await readFile(join(lo2, REPORT_ENV_PATH), 'utf8')).toBe(
      `BOOTFORGE_REPORT_URL=http://127.0.0.1:${port}/report/lo2\n`,
    );

    const installing = await report(lo2, ['installing', 'kickstart %pre']);
    expect(installing.code).toBe(0);
    expect(installing.stderr).toMatch(/installing reported to \S+\/report\/lo2 \(20\d\)/);
    const ready = await report(lo2, ['ready', 'ready (node)', '{"kubelet.service":"active"}']);
    expect(ready.stderr).toMatch(/ready reported .* \(20\d\)/);

    const stolen = await report(lo2, ['failed', 'not mine'], join(lo1, REPORT_TOKEN_PATH));
    expect(stolen.code).toBe(0);
    expect(stolen.stderr).toContain(
      `failed refused by http://127.0.0.1:${port}/report/lo2 (403); not retried`,
    );

    const status = await fetchRaw(port, '/status');
    expect(status.status).toBe(200);
    const hosts = (
      JSON.parse(status.text) as { hosts: { name: string; phase: string | null; message: string }[] }
    ).hosts;
    expect(hosts.find((h) => h.name === 'lo2')).toMatchObject({ phase: 'ready', message: 'ready (node)' });
    expect(logLines.join('\n')).not.toContain(ownToken);
  });
});
