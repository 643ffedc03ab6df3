import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OutputFile } from '../../../generators/generator.js';
import { pxeGenerator } from '../../../generators/pxe/pxe-generator.js';
import { GENERATORS } from '../../../generators/registry.js';
import { selectFormats } from '../../../synth/select-formats.js';
import { withDirectories } from '../../../encoders/archive-entry.js';
import { bundleGenerator, zipBundleGenerator } from '../../../generators/bundle/bundle-generator.js';
import { deterministicGzip } from '../../../encoders/gzip.js';
import { buildTar } from '../../../encoders/tar.js';
import { fixtureCloudInitFiles, fixtureHosts, fixturePlan } from '../../fixtures/boot-media/cluster.js';
import { hasTool, run } from '../../fixtures/boot-media/tools.js';
import { contextFor } from '../support/contexts.js';

const plan = fixturePlan();
const hosts = fixtureHosts(plan);

/** What the formats before the bundle produced for each host, plus a cluster file no host gets. */
function produced(): OutputFile[] {
  const files: OutputFile[] = hosts.flatMap((h) => [
    ...fixtureCloudInitFiles(h.hostname),
    ...pxeGenerator.host!(contextFor(plan, h), []).files,
  ]);
  files.push(
    {
      path: 'hosts/knode1/pki/apiserver.key',
      content: '-----BEGIN PRIVATE KEY-----\nfixture\n-----END PRIVATE KEY-----\n',
      mode: 0o600,
      host: 'knode1',
    },
    { path: 'hosts/knode1/vsphere/govc.sh', content: '#!/bin/sh\nexit 0\n', mode: 0o700, host: 'knode1' },
    {
      path: 'hosts/knode1/seed.iso',
      content: new Uint8Array(4096).map((_, i) => i % 256),
      mode: 0o600,
      host: 'knode1',
    },
    { path: 'cluster/admin.kubeconfig', content: 'not for hosts\n', mode: 0o600 },
  );
  return files;
}

function expectedFiles(host: string, files: readonly OutputFile[]): Map<string, OutputFile> {
  return new Map(files.filter((f) => f.host === host).map((f) => [f.path, f]));
}

function walk(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name), root) : [relative(root, join(dir, e.name))],
  );
}

/** Extracted tree (under <dir>/<host>/) equals OUT's files for the host: same paths, bytes, modes. */
function expectSameAsOut(dir: string, host: string, files: readonly OutputFile[]): void {
  const expected = expectedFiles(host, files);
  const root = join(dir, host);
  expect(walk(root).sort()).toEqual([...expected.keys()].sort());
  for (const [path, file] of expected) {
    expect(readFileSync(join(root, path)).equals(Buffer.from(file.content)), path).toBe(true);
    expect((statSync(join(root, path)).mode & 0o7777).toString(8), path).toBe(file.mode.toString(8));
  }
}

const own = (files: readonly OutputFile[], host: string): OutputFile[] =>
  files.filter((f) => f.host === host);

function tarBundles(files: readonly OutputFile[]): OutputFile[] {
  return hosts.flatMap((h) => bundleGenerator.host!(contextFor(plan, h), own(files, h.hostname)).files);
}

/** The zip comes after the tar.gz in the registry: it sees the host's tar.gz among earlier files. */
function zipBundles(files: readonly OutputFile[], tars: readonly OutputFile[]): OutputFile[] {
  return hosts.flatMap(
    (h) => zipBundleGenerator.host!(contextFor(plan, h), own([...files, ...tars], h.hostname)).files,
  );
}

describe('bundles', () => {
  const files = produced();
  const tarGz = tarBundles(files);
  const zips = zipBundles(files, tarGz);

  it('writes one private bundle per host', () => {
    expect(tarGz.map((f) => [f.path, f.mode, f.host])).toEqual([
      ['bundles/knode1.tar.gz', 0o600, 'knode1'],
      ['bundles/knode2.tar.gz', 0o600, 'knode2'],
    ]);
    expect(zips.map((f) => f.path)).toEqual(['bundles/knode1.zip', 'bundles/knode2.zip']);
  });

  it('makes tar.gz by default and zip only on request (--only bundle-zip)', () => {
    expect(selectFormats(GENERATORS)).toContain('bundle');
    expect(selectFormats(GENERATORS)).not.toContain('bundle-zip');
    const zipRun = selectFormats(GENERATORS, ['bundle-zip']);
    expect(zipRun).toEqual(
      expect.arrayContaining(['bundle-zip', 'cloud-init', 'pxe', 'iso', 'vsphere', 'cloud']),
    );
    expect(zipRun).not.toContain('bundle');
  });

  it('is byte-identical across runs', () => {
    const again = tarBundles(produced());
    expect(Buffer.from(again[0]!.content).equals(Buffer.from(tarGz[0]!.content))).toBe(true);
    const zipAgain = zipBundles(produced(), again);
    expect(Buffer.from(zipAgain[0]!.content).equals(Buffer.from(zips[0]!.content))).toBe(true);
  });

  describe.runIf(hasTool('tar'))('system tar', () => {
    it('extracts the same files, bytes and modes as in OUT', () => {
      for (const bundle of tarGz) {
        const dir = mkdtempSync(join(tmpdir(), 'bootforge-bundle-'));
        const archive = join(dir, 'bundle.tar.gz');
        writeFileSync(archive, bundle.content);
        const result = run('tar', ['-xzpf', archive, '-C', dir, '--no-same-owner']);
        expect(result.status, result.stderr).toBe(0);
        expectSameAsOut(dir, bundle.host!, files);
      }
    });

    it('lists sorted entries owned by root, dated 1980-01-01, with directories first', () => {
      const dir = mkdtempSync(join(tmpdir(), 'bootforge-bundle-'));
      const archive = join(dir, 'bundle.tar.gz');
      writeFileSync(archive, tarGz[0]!.content);
      const listing = run('tar', ['-tvzf', archive, '--utc']).stdout.trimEnd().split('\n');
      expect(listing[0]).toMatch(/^drwxr-xr-x root\/root +0 1980-01-01 00:00 knode1\/$/);
      expect(listing).toContainEqual(
        expect.stringMatching(
          /^-rw------- root\/root +\d+ 1980-01-01 00:00 knode1\/hosts\/knode1\/pki\/apiserver\.key$/,
        ),
      );
      const names = listing.map((l) => l.split(' ').pop()!);
      expect(names).toEqual([...names].sort());
    });

    it('keeps paths longer than 100 bytes (ustar prefix)', () => {
      const long = `${'deep/'.repeat(30)}file.txt`;
      const dir = mkdtempSync(join(tmpdir(), 'bootforge-tar-'));
      const archive = join(dir, 'long.tar.gz');
      writeFileSync(
        archive,
        deterministicGzip(
          buildTar(withDirectories([{ path: long, mode: 0o640, content: Buffer.from('x\n') }])),
          6,
        ),
      );
      expect(run('tar', ['-xzpf', archive, '-C', dir, '--no-same-owner']).status).toBe(0);
      expect(readFileSync(join(dir, long), 'utf8')).toBe('x\n');
      expect(statSync(join(dir, long)).mode & 0o777).toBe(0o640);
    });
  });

  describe.runIf(hasTool('unzip'))('system unzip', () => {
    it('tests clean and extracts the same files, bytes and modes as in OUT', () => {
      const dir = mkdtempSync(join(tmpdir(), 'bootforge-zip-'));
      const archive = join(dir, 'bundle.zip');
      writeFileSync(archive, zips[0]!.content);
      const test = run('unzip', ['-t', archive]);
      expect(test.status, test.stdout).toBe(0);
      expect(test.stdout).toMatch(/No errors detected/);
      const result = run('unzip', ['-q', archive, '-d', dir]);
      expect(result.status, result.stderr).toBe(0);
      // The host's own files only: no other host's, no cluster file, not its tar.gz bundle.
      expectSameAsOut(dir, 'knode1', files);
    });
  });
});
