/**
 * The fetch script, run for real with bash against a local HTTP server: it installs verified
 * files with their mode, extracts archive members, refuses a wrong sha256, and does not download
 * a verified file twice.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RemoteFile } from '../../../host/host-config.js';
import {
  fetchListContent,
  memberDestination,
  remoteFetchSupport,
} from '../../../generators/shared/remote-fetch.js';
import { hasTool, run } from '../support/tools.js';
import { fetchScriptPath } from '../../../generators/shared/remote-fetch.js';
import { osFamily } from '../../../os/registry.js';

const FETCH_SCRIPT_PATH = fetchScriptPath(osFamily('el9'));

const execFileAsync = promisify(execFile);
const tools = ['bash', 'curl', 'tar', 'sha256sum'].every(hasTool);
const sha = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

describe.skipIf(!tools)('fetch script', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'bootforge-fetch-'));
  const served = new Map<string, Buffer>();
  const hits = new Map<string, number>();
  /** 503 answers left before a URL is served (a boot server that is down). */
  const down = new Map<string, number>();
  let server: Server;
  let base = '';
  const owner = { user: userInfo().username, group: run('id', ['-gn']).stdout.trim() };
  const script = path.join(work, 'fetch');
  const binary = Buffer.from('#!/bin/sh\necho tool\n');

  beforeAll(async () => {
    mkdirSync(path.join(work, 'src/pkg'), { recursive: true });
    writeFileSync(path.join(work, 'src/pkg/one'), 'member one\n');
    writeFileSync(path.join(work, 'src/pkg/two'), 'member two\n');
    run('tar', ['-czf', path.join(work, 'pkg.tar.gz'), '-C', path.join(work, 'src'), 'pkg']);
    served.set('/tool', binary);
    served.set('/pkg.tar.gz', readFileSync(path.join(work, 'pkg.tar.gz')));
    server = createServer((req, res) => {
      const body = served.get(req.url ?? '');
      hits.set(req.url ?? '', (hits.get(req.url ?? '') ?? 0) + 1);
      const left = down.get(req.url ?? '') ?? 0;
      if (left > 0) {
        down.set(req.url ?? '', left - 1);
        res.writeHead(503).end();
        return;
      }
      res.writeHead(body === undefined ? 404 : 200);
      res.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const support = remoteFetchSupport([], [], FETCH_SCRIPT_PATH);
    writeFileSync(script, support.files[0]?.content ?? '', { mode: 0o755 });
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(work, { recursive: true, force: true });
  });

  const runFetch = async (
    files: RemoteFile[],
    attempts: number | null = 1,
  ): Promise<{ code: number; stderr: string }> => {
    const list = path.join(work, `list-${Math.random().toString(16).slice(2)}.tsv`);
    writeFileSync(list, fetchListContent(files));
    try {
      const result = await execFileAsync('bash', [script, list], {
        env: {
          ...process.env,
          BOOTFORGE_FETCH_ATTEMPTS: attempts === null ? undefined : String(attempts),
        },
      });
      return { code: 0, stderr: result.stderr };
    } catch (error) {
      const e = error as { code?: number; stderr?: string };
      return { code: e.code ?? -1, stderr: e.stderr ?? '' };
    }
  };

  it('installs a verified file with its mode, and extracts archive members beside or at absolute paths', async () => {
    const tool = path.join(work, 'root/usr/local/bin/tool');
    const archive = path.join(work, 'root/opt/dl/pkg.tar.gz');
    const absolute = path.join(work, 'root/usr/local/bin/one');
    const files: RemoteFile[] = [
      { path: tool, mode: 0o750, ...owner, url: `${base}/tool`, sha256: sha(binary) },
      {
        path: archive,
        mode: 0o644,
        ...owner,
        url: `${base}/pkg.tar.gz`,
        sha256: sha(served.get('/pkg.tar.gz') ?? ''),
        archive: {
          format: 'tar.gz',
          members: [
            { from: 'pkg/one', to: absolute, mode: 0o755 },
            { from: 'pkg/two', to: 'two', mode: 0o600 },
          ],
        },
      },
    ];
    const result = await runFetch(files);
    expect(result).toEqual({ code: 0, stderr: '' });
    expect(readFileSync(tool)).toEqual(binary);
    expect(statSync(tool).mode & 0o7777).toBe(0o750);
    expect(readFileSync(absolute, 'utf8')).toBe('member one\n');
    expect(statSync(absolute).mode & 0o7777).toBe(0o755);
    expect(readFileSync(path.join(work, 'root/opt/dl/two'), 'utf8')).toBe('member two\n');
    expect(statSync(path.join(work, 'root/opt/dl/two')).mode & 0o7777).toBe(0o600);

    const before = hits.get('/tool');
    expect(await runFetch(files)).toEqual({ code: 0, stderr: '' });
    expect(hits.get('/tool')).toBe(before);
  });

  it('by default keeps retrying a server that is down until it answers', async () => {
    const dest = path.join(work, 'root/later/tool');
    served.set('/later', binary);
    down.set('/later', 1);
    const result = await runFetch(
      [{ path: dest, mode: 0o755, ...owner, url: `${base}/later`, sha256: sha(binary) }],
      null,
    );
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`${base}/later failed (attempt 1), retrying in 2s`);
    expect(readFileSync(dest)).toEqual(binary);
  }, 20_000);

  it('refuses a download whose sha256 differs and leaves nothing behind', async () => {
    const dest = path.join(work, 'root/bad/tool');
    const result = await runFetch([
      { path: dest, mode: 0o755, ...owner, url: `${base}/tool`, sha256: sha('other') },
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('giving up');
    expect(existsSync(dest)).toBe(false);
  });

  it('fails on a missing URL after its attempts', async () => {
    const dest = path.join(work, 'root/missing');
    const result = await runFetch([
      { path: dest, mode: 0o644, ...owner, url: `${base}/nope`, sha256: sha('x') },
    ]);
    expect(result.code).not.toBe(0);
    expect(existsSync(dest)).toBe(false);
  });
});

describe('fetch list and unit', () => {
  it('resolves relative member destinations beside the archive', () => {
    expect(memberDestination('/opt/dl/a.tgz', 'bin/x')).toBe('/opt/dl/bin/x');
    expect(memberDestination('/a.tgz', 'x')).toBe('/x');
    expect(memberDestination('/opt/dl/a.tgz', '/usr/local/bin/x')).toBe('/usr/local/bin/x');
  });

  it('rejects a field with a tab or a line break', () => {
    const file: RemoteFile = { path: '/a\tb', mode: 0o644, url: 'http://x/a', sha256: 'a'.repeat(64) };
    expect(() => fetchListContent([file])).toThrow(/tab or line break/);
  });

  it.skipIf(!hasTool('systemd-analyze'))('passes systemd-analyze verify (the script itself aside)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bootforge-unit-'));
    try {
      const { unit } = remoteFetchSupport([], ['etcd.service'], FETCH_SCRIPT_PATH);
      const file = path.join(dir, unit.name);
      writeFileSync(file, unit.contents ?? '');
      const result = run('systemd-analyze', ['verify', file]);
      const findings = (result.stdout + result.stderr)
        .split('\n')
        .filter((l) => l !== '' && !l.includes('is not executable: No such file or directory'));
      expect(findings).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('orders the unit before every other unit of the host and after the network', () => {
    const { unit } = remoteFetchSupport([], ['kubelet.service', 'etcd.service'], FETCH_SCRIPT_PATH);
    expect(unit.contents).toContain('After=network-online.target\n');
    expect(unit.contents).toContain('Before=etcd.service kubelet.service\n');
    expect(unit.contents).toContain('TimeoutStartSec=0\n');
    expect(unit.enabled).toBe(true);
  });
});
