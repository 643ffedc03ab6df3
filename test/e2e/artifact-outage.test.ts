/**
 * A first boot survives an artifact server outage (issue 14.1). The real install-artifacts.sh of a
 * host of examples/ha.yaml (rendered by bootforge with `cluster.artifacts.mirror` pointing at a
 * local HTTP server) runs on this machine as its unit would: in a private mount namespace whose
 * /usr/local, /opt, /var/cache and /var/lib are a scratch root, so the script's absolute paths
 * stay untouched. The server dies in the middle of the largest download and comes back on the
 * same port after the script's ninth failed attempt (it used to give up after eight, about three
 * minutes with its real back-off): the script waits (logging each attempt), finishes by itself
 * with every binary installed and verified, and a second run downloads nothing.
 *
 * Fake artifacts stand in for the real ones (same URLs, members and checksum files); the sha256s
 * the script checks are the fakes' own (upstream checksum files served beside them, inventory
 * pins where upstream publishes none), so verification runs exactly as on a host.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../../inventory/load.js';
import type { ArtifactName, Inventory } from '../../inventory/model.js';
import { planCluster } from '../../plan/plan-cluster.js';
import type { ClusterPlan, HostPlan } from '../../plan/model.js';
import { resolveArtifacts, type Artifact } from '../../profiles/artifacts.js';
import { buildHostConfig } from '../../profiles/build-host-config.js';
import { placeholderPki } from '../../profiles/preflight.js';
import { hostArtifacts, hostComponents } from '../../profiles/roles.js';
import { prepareHost } from '../../generators/shared/prepare-host.js';
import { FETCH_LIST_PATH, fetchScriptPath } from '../../generators/shared/remote-fetch.js';
import { repoRoot } from './support/paths.js';
import { skipWithoutTools } from './support/tools.js';
import { osFamily } from '../../os/registry.js';

/** Where the EL families keep the fetch script. */
const FETCH_SCRIPT_PATH = fetchScriptPath(osFamily('el9'));

const skip = skipWithoutTools('artifact-outage', ['unshare', 'mount', 'bash', 'curl', 'tar', 'sha256sum']);
const sha = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
/** Where the script writes: each is bind-mounted from the scratch root. */
const BOUND = ['/usr/local', '/opt', '/var/cache', '/var/lib'];
const SCRIPT = '/usr/local/libexec/bootforge/install-artifacts.sh';
/** The fetch list lives in /etc on a host; here beside the scratch /var/lib. */
const LIST = '/var/lib/bootforge-e2e/remote-files.tsv';
const BIG = 6 * 1024 * 1024;
/** The server stays down until the script has failed this often: more than the 8 attempts it used to make before giving up. */
const DOWN_FOR_ATTEMPTS = 9;

function tarGz(dir: string, members: readonly string[], body: (member: string) => Buffer): Buffer {
  const src = mkdtempSync(path.join(dir, 'tar-'));
  for (const m of members) {
    mkdirSync(path.dirname(path.join(src, m)), { recursive: true });
    writeFileSync(path.join(src, m), body(m));
  }
  const out = path.join(src, 'out.tar.gz');
  const r = spawnSync('tar', ['-czf', out, '-C', src, ...members], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tar: ${r.stderr}`);
  return readFileSync(out);
}

describe.skipIf(skip)('artifact server outage during a first boot', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'bf-outage-'));
  const root = path.join(work, 'root');
  const served = new Map<string, Buffer>();
  const requests: string[] = [];
  let port = 0;
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  let killed = false;
  let plan: ClusterPlan;
  let host: HostPlan;
  let artifacts: Artifact[];

  /** The content a fake installs at each target path, to check after the run. */
  const expected = new Map<string, Buffer>();

  function listen(): Promise<void> {
    const s = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x').pathname;
      requests.push(url);
      const body = served.get(url);
      if (!body) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-length': String(body.length) });
      if (body.length < BIG || killed) {
        res.end(body);
        return;
      }
      // The largest artifact trickles out; after a sixth of it the server dies.
      let sent = 0;
      const pump = (): void => {
        if (res.destroyed) return;
        const chunk = body.subarray(sent, sent + 64 * 1024);
        sent += chunk.length;
        res.write(chunk);
        if (!killed && sent >= BIG / 6) {
          killed = true;
          void outage();
          return;
        }
        if (sent < body.length) setTimeout(pump, 5);
        else res.end();
      };
      pump();
    });
    s.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    server = s;
    return new Promise((resolve) => s.listen(port, '127.0.0.1', resolve));
  }

  let back: Promise<void> = Promise.resolve();
  let onAttempts: () => void = () => undefined;
  async function outage(): Promise<void> {
    const s = server!;
    s.close();
    for (const socket of sockets) socket.destroy();
    back = new Promise<void>((resolve) => (onAttempts = resolve)).then(() => listen());
    await back;
  }

  beforeAll(async () => {
    await listen();
    port = (server!.address() as AddressInfo).port;
    const loaded = await loadInventory(path.join(repoRoot, 'examples/ha.yaml'));
    const inventory = loaded.inventory as Inventory;
    inventory.cluster.artifacts.mirror = `http://127.0.0.1:${port}`;
    const first = planCluster(inventory);
    // The host with the most downloads.
    const count = (h: HostPlan): number => hostArtifacts(first, hostComponents(first, h)).length;
    const chosen = [...first.hosts].sort((a, b) => count(b) - count(a))[0]!;
    const ids = hostArtifacts(first, hostComponents(first, chosen));
    // Fake bytes per artifact; pins where upstream publishes no checksum file.
    const bodies = new Map<string, Buffer>();
    for (const a of resolveArtifacts(first, ids)) {
      const member = (m: string): Buffer => Buffer.from(`#!/bin/sh\necho fake ${a.name} ${m}\n`);
      const body =
        a.kind === 'binary'
          ? Buffer.concat([member(a.name), Buffer.alloc(a.name === 'kubelet' ? BIG : 1024, 0x23)])
          : tarGz(
              work,
              a.installs.map((i) => i.from!),
              member,
            );
      bodies.set(a.name, body);
      if (a.checksum === undefined) inventory.cluster.artifacts.sha256[a.name as ArtifactName] = sha(body);
    }
    expect(ids).toContain('kubelet');
    plan = planCluster(inventory);
    host = plan.hosts.find((h) => h.name === chosen.name)!;
    artifacts = resolveArtifacts(plan, ids);
    for (const a of artifacts) {
      const body = bodies.get(a.name)!;
      const pathname = new URL(a.url).pathname;
      served.set(pathname, body);
      if (a.checksum?.format === 'sidecar')
        served.set(
          new URL(a.checksum.url).pathname,
          Buffer.from(`${sha(body)}  ${path.basename(pathname)}\n`),
        );
      if (a.checksum?.format === 'sums') {
        served.set(
          new URL(a.checksum.url).pathname,
          Buffer.from(`${sha('other')}  other.tar.gz\n${sha(body)}  ${path.basename(pathname)}\n`),
        );
      }
      for (const i of a.installs) {
        expected.set(
          i.to,
          a.kind === 'binary' ? body : Buffer.from(`#!/bin/sh\necho fake ${a.name} ${i.from}\n`),
        );
      }
    }
    // The host's first-boot files as every format lays them down: the remote-file fetcher (pinned
    // binaries, which Ignition would also fetch natively) and install-artifacts.sh.
    const prepared = prepareHost(buildHostConfig(plan, host, placeholderPki(plan)));
    const inline = (p: string): string => {
      const file = prepared.files.find((f) => f.path === p);
      if (!file || !('content' in file)) throw new Error(`${host.name} has no ${p}`);
      return file.content;
    };
    for (const dir of BOUND) mkdirSync(path.join(root, dir), { recursive: true });
    for (const [from, to] of [
      [SCRIPT, SCRIPT],
      [FETCH_SCRIPT_PATH, FETCH_SCRIPT_PATH],
      [FETCH_LIST_PATH, LIST],
    ] as const) {
      mkdirSync(path.join(root, path.dirname(to)), { recursive: true });
      writeFileSync(path.join(root, to), inline(from), { mode: 0o755 });
    }
  });

  afterAll(async () => {
    await back;
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    for (const socket of sockets) socket.destroy();
    if (!process.env.BOOTFORGE_E2E_KEEP) rmSync(work, { recursive: true, force: true });
  });

  function runInstall(): Promise<{ status: number | null; log: string }> {
    const mounts = BOUND.map((d) => `mount --bind ${path.join(root, d)} ${d}`).join(' && ');
    return new Promise((resolve) => {
      const child = spawn(
        'unshare',
        [
          '--mount',
          '--propagation',
          'private',
          'bash',
          '-c',
          `${mounts} && bash ${FETCH_SCRIPT_PATH} ${LIST} && exec bash ${SCRIPT}`,
        ],
        { env: { ...process.env, BOOTFORGE_RETRY_DELAY: '1', BOOTFORGE_RETRY_MAX_DELAY: '1' } },
      );
      let log = '';
      child.stdout.on('data', (d: Buffer) => (log += d.toString()));
      child.stderr.on('data', (d: Buffer) => {
        log += d.toString();
        if (log.includes(`failed (attempt ${DOWN_FOR_ATTEMPTS}),`)) onAttempts();
      });
      child.on('close', (status) => resolve({ status, log }));
    });
  }

  it('the server dies mid-download and comes back: the host finishes its install by itself', async () => {
    const started = Date.now();
    const { status, log } = await runInstall();
    const seconds = (Date.now() - started) / 1000;
    expect(killed, 'the server was killed during the largest download').toBe(true);
    writeFileSync(path.join(work, 'install.log'), log);
    expect(status, log).toBe(0);
    const kubelet = artifacts.find((a) => a.name === 'kubelet')!;
    expect(log).toContain(`install-artifacts: ${kubelet.url} failed (attempt 1), retrying in 1s`);
    // More attempts than the old limit of 8, and no giving up.
    expect(log).toContain(
      `install-artifacts: ${kubelet.url} failed (attempt ${DOWN_FOR_ATTEMPTS}), retrying in 1s`,
    );
    expect(log).not.toContain('giving up');
    // Every binary in place with the bytes that verified.
    for (const [to, bytes] of expected) {
      expect(existsSync(path.join(root, to)), to).toBe(true);
      expect(readFileSync(path.join(root, to)).equals(bytes), to).toBe(true);
    }
    expect(expected.size).toBeGreaterThanOrEqual(8);
    expect(seconds).toBeLessThan(60);
    console.log(
      `artifact-outage: ${host.name}, ${artifacts.length} artifacts, finished in ${seconds.toFixed(1)} s`,
    );
  });

  it('a second run downloads nothing', async () => {
    requests.length = 0;
    const { status, log } = await runInstall();
    expect(status, log).toBe(0);
    expect(log).toBe('');
    expect(requests).toEqual([]);
  });
});
