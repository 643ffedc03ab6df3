/**
 * install-artifacts.sh for real (bash, curl, sha256sum, tar) against a local HTTP server: every
 * artifact is verified before it is installed (upstream sidecar, upstream SHA256SUMS, or the pin),
 * archives are unpacked (including `./`-prefixed members), a mismatch installs nothing, and a rerun
 * downloads nothing. The built-in template is rendered with a temporary install root.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinTemplates, renderTemplate } from '../../profiles/templates.js';
import { hasTool } from './support.js';

const tools = ['bash', 'curl', 'sha256sum', 'tar'].every((t) => hasTool(t));
const sha = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

describe.runIf(tools)('install-artifacts.sh', () => {
  let dir = '';
  let server: Server | undefined;
  let base = '';
  const served = new Map<string, Buffer>();
  const requests: string[] = [];
  /** Requests to answer 503 before serving, by URL (a boot server or mirror that is down). */
  const failures = new Map<string, number>();

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'bf-install-'));
    // A plain binary with a sidecar holding only the hash (dl.k8s.io style).
    served.set('/dl/kubelet', Buffer.from('#!/bin/sh\necho kubelet\n'));
    served.set('/dl/kubelet.sha256', Buffer.from(sha(served.get('/dl/kubelet')!)));
    // An archive with ./-prefixed members and a "hash  name" sidecar (containernetworking style).
    const src = path.join(dir, 'src');
    mkdirSync(path.join(src, 'cni'), { recursive: true });
    writeFileSync(path.join(src, 'cni', 'bridge'), 'bridge\n');
    writeFileSync(path.join(src, 'cni', 'portmap'), 'portmap\n');
    spawnSync('tar', [
      '-czf',
      path.join(src, 'cni.tgz'),
      '-C',
      path.join(src, 'cni'),
      './bridge',
      './portmap',
    ]);
    const cni = readFileSync(path.join(src, 'cni.tgz'));
    served.set('/gh/cni.tgz', cni);
    served.set('/gh/cni.tgz.sha256', Buffer.from(`${sha(cni)}  cni.tgz\n`));
    // An archive listed in a SHA256SUMS file among others (etcd style).
    mkdirSync(path.join(src, 'etcd-v9-linux-amd64'));
    writeFileSync(path.join(src, 'etcd-v9-linux-amd64', 'etcd'), 'etcd\n');
    spawnSync('tar', ['-czf', path.join(src, 'etcd.tar.gz'), '-C', src, 'etcd-v9-linux-amd64/etcd']);
    const etcd = readFileSync(path.join(src, 'etcd.tar.gz'));
    served.set('/gh/etcd.tar.gz', etcd);
    served.set('/gh/SHA256SUMS', Buffer.from(`${sha('x')}  other.tar.gz\n${sha(etcd)}  etcd.tar.gz\n`));
    // A pinned archive (no upstream checksum file).
    spawnSync('tar', ['-czf', path.join(src, 'flannel.tar.gz'), '-C', path.join(src, 'cni'), 'bridge']);
    served.set('/gh/flannel.tar.gz', readFileSync(path.join(src, 'flannel.tar.gz')));
    // A binary whose published checksum does not match what is served.
    served.set('/dl/evil', Buffer.from('tampered'));
    served.set('/dl/evil.sha256', Buffer.from(sha('original')));

    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const left = failures.get(req.url ?? '') ?? 0;
      if (left > 0) {
        failures.set(req.url ?? '', left - 1);
        res.writeHead(503).end();
        return;
      }
      const body = served.get(req.url ?? '');
      res.writeHead(body ? 200 : 404).end(body);
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const root = (): string => path.join(dir, 'root');
  const artifact = (o: {
    name: string;
    url: string;
    archive: boolean;
    checksumUrl?: string;
    checksumFormat?: string;
    sha256?: string;
    installs: { from?: string; to: string }[];
  }): object => ({
    name: o.name,
    version: '1.0',
    url: `${base}${o.url}`,
    fileName: o.url.split('/').pop(),
    sha256: o.sha256 ?? '',
    checksumUrl: o.checksumUrl ? `${base}${o.checksumUrl}` : '',
    checksumFormat: o.checksumFormat ?? '',
    archive: o.archive,
    marker: `${o.name}-1.0.done`,
    installs: o.installs.map((i) => ({ from: i.from ?? '', to: path.join(root(), i.to), mode: '0755' })),
  });

  function runScript(
    artifacts: object[],
    args: string[] = [],
    maxDelay = '1',
    onOutput: (out: string) => void = () => undefined,
  ): Promise<{ status: number | null; out: string }> {
    const script = renderTemplate(
      builtinTemplates(),
      'host/install-artifacts.sh.hbs',
      {
        hostname: 'test',
        reportScript: '',
        cacheDir: path.join(dir, 'cache'),
        markerDir: path.join(dir, 'markers'),
        artifacts,
      },
      'test',
    );
    const file = path.join(dir, 'install.sh');
    writeFileSync(file, script, { mode: 0o755 });
    return new Promise((resolve) => {
      const child = spawn('bash', [file, ...args], {
        env: { ...process.env, BOOTFORGE_RETRY_DELAY: '1', BOOTFORGE_RETRY_MAX_DELAY: maxDelay },
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => onOutput((out += d.toString())));
      child.stderr.on('data', (d: Buffer) => onOutput((out += d.toString())));
      child.on('close', (status) => resolve({ status, out }));
    });
  }

  const good = (): object[] => [
    artifact({
      name: 'kubelet',
      url: '/dl/kubelet',
      archive: false,
      checksumUrl: '/dl/kubelet.sha256',
      checksumFormat: 'sidecar',
      installs: [{ to: 'usr/local/bin/kubelet' }],
    }),
    artifact({
      name: 'cni-plugins',
      url: '/gh/cni.tgz',
      archive: true,
      checksumUrl: '/gh/cni.tgz.sha256',
      checksumFormat: 'sidecar',
      installs: [
        { from: 'bridge', to: 'opt/cni/bin/bridge' },
        { from: 'portmap', to: 'opt/cni/bin/portmap' },
      ],
    }),
    artifact({
      name: 'etcd',
      url: '/gh/etcd.tar.gz',
      archive: true,
      checksumUrl: '/gh/SHA256SUMS',
      checksumFormat: 'sums',
      installs: [{ from: 'etcd-v9-linux-amd64/etcd', to: 'usr/local/bin/etcd' }],
    }),
    artifact({
      name: 'flannel',
      url: '/gh/flannel.tar.gz',
      archive: true,
      sha256: sha(served.get('/gh/flannel.tar.gz')!),
      installs: [{ from: 'bridge', to: 'usr/local/bin/flanneld' }],
    }),
  ];

  it('verifies and installs every artifact, then a rerun downloads nothing', async () => {
    const first = await runScript(good());
    expect(first.out).toBe('');
    expect(first.status).toBe(0);
    expect(readFileSync(path.join(root(), 'usr/local/bin/kubelet'), 'utf8')).toContain('echo kubelet');
    expect(statSync(path.join(root(), 'usr/local/bin/kubelet')).mode & 0o777).toBe(0o755);
    expect(readFileSync(path.join(root(), 'opt/cni/bin/portmap'), 'utf8')).toBe('portmap\n');
    expect(readFileSync(path.join(root(), 'usr/local/bin/etcd'), 'utf8')).toBe('etcd\n');
    expect(readFileSync(path.join(root(), 'usr/local/bin/flanneld'), 'utf8')).toBe('bridge\n');
    // The pinned archive was fetched without any checksum file.
    expect(requests.filter((r) => r.startsWith('/gh/flannel'))).toEqual(['/gh/flannel.tar.gz']);

    requests.length = 0;
    const second = await runScript(good());
    expect(second.status).toBe(0);
    expect(requests).toEqual([]);
  });

  it('one run (--once): a download whose sha256 differs from the published one is rejected and not installed', async () => {
    const evil = artifact({
      name: 'evil',
      url: '/dl/evil',
      archive: false,
      checksumUrl: '/dl/evil.sha256',
      checksumFormat: 'sidecar',
      installs: [{ to: 'usr/local/bin/evil' }],
    });
    const result = await runScript([evil], ['--once']);
    expect(result.status).not.toBe(0);
    expect(result.out).toContain('sha256 mismatch for evil');
    expect(existsSync(path.join(root(), 'usr/local/bin/evil'))).toBe(false);
    expect(existsSync(path.join(dir, 'cache', 'evil'))).toBe(false);
  });

  it('a download that fails is retried with back-off until it succeeds, each wait logged', async () => {
    served.set('/dl/kubectl', Buffer.from('kubectl\n'));
    served.set('/dl/kubectl.sha256', Buffer.from(sha('kubectl\n')));
    failures.set('/dl/kubectl.sha256', 1);
    failures.set('/dl/kubectl', 3);
    const kubectl = artifact({
      name: 'kubectl',
      url: '/dl/kubectl',
      archive: false,
      checksumUrl: '/dl/kubectl.sha256',
      checksumFormat: 'sidecar',
      installs: [{ to: 'usr/local/bin/kubectl' }],
    });
    const result = await runScript([kubectl], ['--once'], '2');
    expect(result.status).toBe(0);
    expect(readFileSync(path.join(root(), 'usr/local/bin/kubectl'), 'utf8')).toBe('kubectl\n');
    // 1 s doubling, capped at 2 s (BOOTFORGE_RETRY_MAX_DELAY), per URL.
    expect(result.out.split('\n').filter((l) => l.includes('retrying'))).toEqual([
      `install-artifacts: ${base}/dl/kubectl.sha256 failed (attempt 1), retrying in 1s`,
      `install-artifacts: ${base}/dl/kubectl failed (attempt 1), retrying in 1s`,
      `install-artifacts: ${base}/dl/kubectl failed (attempt 2), retrying in 2s`,
      `install-artifacts: ${base}/dl/kubectl failed (attempt 3), retrying in 2s`,
    ]);
  }, 30_000);

  it('a run that fails (sha256 mismatch) starts again until the artifact verifies', async () => {
    served.set('/dl/late', Buffer.from('stale'));
    served.set('/dl/late.sha256', Buffer.from(sha('fresh')));
    const late = artifact({
      name: 'late',
      url: '/dl/late',
      archive: false,
      checksumUrl: '/dl/late.sha256',
      checksumFormat: 'sidecar',
      installs: [{ to: 'usr/local/bin/late' }],
    });
    // The mirror catches up once the first run has failed, while the script waits to start again.
    const result = await runScript([late], [], '1', (out) => {
      if (out.includes('sha256 mismatch for late')) served.set('/dl/late', Buffer.from('fresh'));
    });
    expect(result.status).toBe(0);
    expect(result.out).toContain('sha256 mismatch for late');
    expect(result.out).toMatch(/run 1 did not finish; starting again in 1s/);
    expect(readFileSync(path.join(root(), 'usr/local/bin/late'), 'utf8')).toBe('fresh');
  }, 30_000);
});
