/**
 * The whole path on a real OUT: `bootforge generate` (in-process) renders a two-host inventory on
 * loopback addresses, then `bootforge serve` and nginx with the generated pxe/nginx.conf both
 * serve it, and each is walked the way a machine walks it, from the machine's own address. Then
 * both are asked the same requests (every file of OUT from its owner and from others, and the
 * lookups and refusals of the serving policy) and must answer what serving/ decides.
 */
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasNginx, startNginx, type RunningNginx } from '../../bench/nginx-process.js';
import { main } from '../../cli/main.js';
import { captureTerminal } from '../../cli/terminal.js';
import { createBootServer, type BootServer } from '../../server/boot-server.js';
import { parseManifest, type Manifest } from '../../server/manifest.js';
import type { ServingFile } from '../../serving/entry.js';
import { UNKNOWN_MAC_SCRIPT } from '../../serving/ipxe-script.js';
import { resolve, type ServingIndex } from '../../serving/router.js';
import { audienceOf, refusalFor } from '../../serving/secret-owner.js';
import { defaultVendorData } from '../../serving/vendor-data.js';
import { fetchRaw, type Response } from './http-client.js';

const nginxAvailable = hasNginx();
if (!nginxAvailable && process.env['CI'] === 'true') throw new Error('nginx is required in CI (nginx-light)');

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

const HOSTS = [
  { name: 'lo1', ip: '127.0.0.21', mac: '52:54:00:00:00:21' },
  { name: 'lo2', ip: '127.0.0.22', mac: '52:54:00:00:00:22' },
];

function inventory(bootPort: number): string {
  return `version: 1
cluster:
  name: lo
  os: el9
  runtime: containerd
  kubernetes: { version: "1.29.10", serviceCIDR: 10.32.0.0/24, podCIDR: 10.200.0.0/16 }
  network: { cidr: 127.0.0.0/24, gateway: 127.0.0.1, nameservers: [127.0.0.1] }
  bootServer: http://127.0.0.1:${bootPort}
  delivery: [pxe, iso, bundle]
  pki: { keyAlgorithm: ecdsa }
  ssh:
    authorizedKeys:
      - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILfe2CYNLNY/fsKUPymOhid64Ez+hFpBW3wxOfA+9ejq admin@example
hosts:
  - { name: lo1, roles: [etcd, master], ip: 127.0.0.21, mac: "52:54:00:00:00:21" }
  - { name: lo2, roles: [node], ip: 127.0.0.22, mac: "52:54:00:00:00:22" }
`;
}

let dir: string;
let nginxPort: number;
let boot: BootServer;
let bootPort: number;
let nginx: RunningNginx | undefined;
let generated = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bootforge-generated-'));
  await chmod(dir, 0o755);
  nginxPort = await freePort();
  await writeFile(join(dir, 'lo.yaml'), inventory(nginxPort));
  const term = captureTerminal({ cwd: dir });
  const code = await main(['generate', 'lo.yaml', '-o', 'out'], term);
  generated = `exit ${code}\n${term.stderr}${term.stdout}`;
  if (code !== 0) return;
  boot = await createBootServer({ outDir: join(dir, 'out'), pollIntervalMs: 0 });
  bootPort = (await boot.listen('127.0.0.1', 0)).port;
  if (nginxAvailable) {
    const prefix = join(dir, 'nginx');
    await mkdir(prefix);
    await mkdir(join(dir, 'assets'));
    nginx = await startNginx(
      {
        prefix,
        outDir: join(dir, 'out'),
        assetsDir: join(dir, 'assets'),
        include: join(dir, 'out', 'pxe', 'nginx.conf'),
      },
      nginxPort,
    );
  }
}, 120_000);

afterAll(async () => {
  await nginx?.stop();
  await boot?.close();
  await rm(dir, { recursive: true, force: true });
});

/** A URL the generated files point at (the boot server) as a path. */
function pathOf(url: string): string {
  const prefix = `http://127.0.0.1:${nginxPort}`;
  expect(url.startsWith(prefix), url).toBe(true);
  return url.slice(prefix.length);
}

const servers = (): [string, number][] => [
  ['bootforge serve', bootPort],
  ...(nginxAvailable ? ([['nginx', nginxPort]] as [string, number][]) : []),
];

async function walk(port: number, host: (typeof HOSTS)[number]): Promise<Record<string, Response>> {
  const from = host.ip;
  const got: Record<string, Response> = {};
  const get = async (key: string, path: string): Promise<Response> => {
    got[key] = await fetchRaw(port, path, { from });
    return got[key];
  };
  const entry = await get('boot.ipxe', '/boot.ipxe');
  const base = /^set bootforge_base (\S+)$/m.exec(entry.text)?.[1] ?? '';
  const hyphen = host.mac.replaceAll(':', '-');
  const script = await get('script', `${pathOf(base)}/${hyphen}.ipxe`);
  await get('ks.cfg', pathOf(/inst\.ks=(\S+)/.exec(script.text)?.[1] ?? ''));
  const nocloud = await get('nocloud script', `${pathOf(base)}/${hyphen}-nocloud.ipxe`);
  const seed = pathOf(/ds=nocloud;s=(\S+)/.exec(nocloud.text)?.[1] ?? '');
  for (const name of ['user-data', 'meta-data', 'vendor-data', 'network-config'])
    await get(name, `${seed}${name}`);
  const ignition = await get('ignition script', `${pathOf(base)}/${hyphen}-ignition.ipxe`);
  await get('config.ign', pathOf(/ignition_url=(\S+)/.exec(ignition.text)?.[1] ?? ''));
  return got;
}

describe('a generated OUT, served', () => {
  it('was generated', () => {
    expect(generated).toMatch(/^exit 0\n/);
  });

  it('walks boot.ipxe -> per-MAC script -> kickstart, NoCloud and Ignition files on both servers, with the same bytes', async () => {
    expect(generated).toMatch(/^exit 0\n/);
    for (const host of HOSTS) {
      const walks = await Promise.all(servers().map(([, port]) => walk(port, host)));
      const [ours] = walks;
      expect(ours).toBeDefined();
      for (const [key, res] of Object.entries(ours ?? {})) {
        expect(res.status, `${host.name} ${key}`).toBe(200);
        for (const other of walks.slice(1))
          expect(other[key]?.body.equals(res.body), `nginx ${host.name} ${key}`).toBe(true);
      }
      expect(ours?.['script']?.text).toMatch(/^#!ipxe\n/);
      expect(ours?.['user-data']?.text).toMatch(/^(#cloud-config\n|Content-Type: multipart)/);
      expect(ours?.['meta-data']?.text).toContain(`local-hostname: ${host.name}`);
      expect(JSON.parse(ours?.['config.ign']?.text ?? '{}')).toMatchObject({
        ignition: { version: expect.any(String) },
      });
    }
  });

  it("refuses one host's secret files to the other host, on both servers", async () => {
    expect(generated).toMatch(/^exit 0\n/);
    for (const [name, port] of servers()) {
      for (const file of ['ks.cfg', 'user-data', 'config.ign', 'seed.iso']) {
        const path = `/hosts/lo1/${file}`;
        expect((await fetchRaw(port, path, { from: '127.0.0.22' })).status, `${name} ${path}`).toBe(403);
        expect((await fetchRaw(port, path, { from: '127.0.0.21' })).status, `${name} ${path}`).toBe(200);
      }
      expect((await fetchRaw(port, '/bundles/lo1.tar.gz', { from: '127.0.0.22' })).status, name).toBe(403);
      expect((await fetchRaw(port, '/cluster/ca.crt')).status, name).toBe(403);
    }
  });
});

/** The serving policy's own answer to a request: status, and the real status behind an iPXE 200. */
interface PolicyAnswer {
  status: number;
  ipxeStatus?: number;
  /** The answer's bytes, when the policy fixes them (a file of OUT, the unknown-MAC script). */
  path?: string;
  unknownMac?: boolean;
}

function policyAnswer(manifest: Manifest, path: string, from: string, userAgent = ''): PolicyAnswer {
  const hosts = new Map(manifest.hosts.map((h) => [h.name, h]));
  const files = new Map<string, ServingFile>(
    manifest.files.map((f) => [
      f.path,
      { path: f.path, secret: f.secret, ...(f.host ? { host: f.host } : {}) },
    ]),
  );
  for (const { host, path: vendor } of defaultVendorData(manifest.hosts, manifest.files))
    files.set(vendor, { path: vendor, host, secret: false });
  const index: ServingIndex = {
    file: (p) => files.get(p),
    host: (name) => hosts.get(name),
    hostByMac: (mac) => manifest.hosts.find((h) => h.mac === mac),
    hostByAddress: (address) => manifest.hosts.find((h) => h.ip === address),
  };
  const r = resolve({ method: 'GET', url: path, remote: from, userAgent }, index);
  if (r.kind === 'error') {
    if (r.ipxe === false) return { status: r.status };
    return { status: 200, ipxeStatus: r.status, ...(r.ipxe === 'unknown-mac' ? { unknownMac: true } : {}) };
  }
  if (r.kind !== 'file') throw new Error(`${path}: ${r.kind} is no route nginx has`);
  const audience = audienceOf(r.file, (name) => hosts.get(name));
  const refused = r.ipxe ? { status: 200, ipxeStatus: 403 } : { status: 403 };
  if (audience.kind === 'nobody') return refused;
  if (audience.kind === 'owner' && refusalFor(audience.host, from) !== undefined) return refused;
  return { status: 200, path: r.file.path };
}

/** Every file from its owner, from the other host and from an address that is no host; then the edges. */
function requestTable(manifest: Manifest): [string, string, string][] {
  const table: [string, string, string][] = [];
  for (const file of manifest.files)
    for (const from of ['127.0.0.21', '127.0.0.22', '127.0.0.9']) table.push([`/${file.path}`, from, '']);
  const edges: [string, string?, string?][] = [
    ['/'],
    ['/boot.ipxe'],
    ['/boot.ipxe?mac=52-54-00-00-00-99'],
    ['/cluster'],
    ['/cluster/'],
    ['/cluster/ca.crt'],
    ['/manifest.json'],
    ['/nosuch'],
    ['/pxe'],
    ['/pxe/'],
    ['/pxe/nosuch'],
    ['/pxe/nosuch', '127.0.0.1', 'iPXE/1.21.1'],
    ['/pxe/nosuch.ipxe'],
    ['/pxe/ipxe/52-54-00-00-00-99.ipxe'],
    ['/pxe/ipxe/525400000021.ipxe'],
    ['/pxe/ipxe/5254.0000.0022.ipxe'],
    ['/pxe/ipxe/52-54-00-00-00-21-nocloud.ipxe'],
    ['/pxe/ipxe/foo.ipxe'],
    ['/mac/52:54:00:00:00:21/meta-data'],
    ['/mac/5254.0000.0021/ipxe'],
    ['/mac/52-54-00-00-00-22/script.ipxe'],
    ['/mac/01-52-54-00-00-00-22/user-data', '127.0.0.22'],
    ['/mac/01-52-54-00-00-00-22/user-data', '127.0.0.21'],
    ['/mac/zz/meta-data'],
    ['/mac/zz/ipxe'],
    ['/mac/52-54-00-00-00-99/meta-data'],
    ['/mac/52-54-00-00-00-99/ipxe'],
    ['/mac/52-54-00-00-00-21/nosuch'],
    ['/meta-data?mac=52-54-00-00-00-22'],
    ['/user-data?mac=525400000022', '127.0.0.21'],
    ['/user-data?mac=525400000022', '127.0.0.22'],
    ['/meta-data?mac=zz'],
    ['/ipxe?mac=zz'],
    ['/ipxe?mac=52:54:00:00:00:21'],
    ['/meta-data?host=lo1'],
    ['/meta-data?hostname=lo2'],
    ['/meta-data?mac=52:54:00:00:00:21&host=lo2'],
    ['/meta-data?host=nosuch'],
    ['/ipxe?host=lo2'],
    ['/ipxe?host=nosuch'],
    ['/meta-data?x=1'],
    ['/self/meta-data', '127.0.0.21'],
    ['/self/meta-data', '127.0.0.9'],
    ['/self/ipxe', '127.0.0.9'],
    ['/self/ipxe', '127.0.0.22'],
    ['/self/user-data', '127.0.0.22'],
    ['/hosts/lo1/ipxe'],
    ['/hosts/nosuch/meta-data'],
    ['/hosts/lo1/nosuch'],
    ['/hosts/lo1/nosuch.ipxe'],
    ['/hosts/lo1/user-data', '127.0.0.22', 'iPXE/1.21.1'],
  ];
  for (const [path, from = '127.0.0.1', agent = ''] of edges) table.push([path, from, agent]);
  return table;
}

describe('the serving policy, bootforge serve and nginx agree', () => {
  it.skipIf(!nginxAvailable)(
    'on every file of OUT from every address, and on every lookup and refusal',
    async () => {
      expect(generated).toMatch(/^exit 0\n/);
      const manifest = parseManifest(JSON.parse(await readFile(join(dir, 'out', 'manifest.json'), 'utf8')));
      const table = requestTable(manifest);
      expect(table.length).toBeGreaterThan(100);
      for (const [path, from, agent] of table) {
        const want = policyAnswer(manifest, path, from, agent);
        const headers: Record<string, string> = agent === '' ? {} : { 'User-Agent': agent };
        const [ours, theirs] = await Promise.all([
          fetchRaw(bootPort, path, { from, headers }),
          fetchRaw(nginxPort, path, { from, headers }),
        ]);
        const what = `${path} from ${from}${agent ? ` as ${agent}` : ''}`;
        expect([ours.status, ours.headers['x-bootforge-status']], `serve: ${what}`).toEqual([
          want.status,
          want.ipxeStatus === undefined ? undefined : String(want.ipxeStatus),
        ]);
        expect([theirs.status, theirs.headers['x-bootforge-status']], `nginx: ${what}`).toEqual([
          want.status,
          want.ipxeStatus === undefined ? undefined : String(want.ipxeStatus),
        ]);
        if (want.path !== undefined) {
          expect(theirs.body.equals(ours.body), `same bytes: ${what}`).toBe(true);
          if (!want.path.endsWith('vendor-data') || ours.text !== '#cloud-config\n')
            expect(
              ours.body.equals(await readFile(join(dir, 'out', want.path))),
              `bytes of ${want.path}`,
            ).toBe(true);
        }
        if (want.unknownMac)
          expect([ours.text, theirs.text], what).toEqual([UNKNOWN_MAC_SCRIPT, UNKNOWN_MAC_SCRIPT]);
      }
    },
  );
});
