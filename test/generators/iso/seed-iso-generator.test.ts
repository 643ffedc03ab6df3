import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { OutputFile } from '../../../generators/generator.js';
import { seedIsoGenerator } from '../../../generators/iso/seed-iso-generator.js';
import { fixtureCloudInitFiles, fixtureHosts, fixturePlan } from '../../fixtures/boot-media/cluster.js';
import { hasTool, run, runBytes } from '../../fixtures/boot-media/tools.js';
import { cloudInitOverrides, contextFor } from '../support/contexts.js';

const plan = fixturePlan();
const hosts = fixtureHosts(plan);
const produced = hosts.flatMap((h) => fixtureCloudInitFiles(h.hostname));

function render(): OutputFile[] {
  return hosts.flatMap(
    (h) =>
      seedIsoGenerator.host!(
        contextFor(plan, h, cloudInitOverrides(produced.filter((f) => f.host === h.hostname))),
        [],
      ).files,
  );
}

function writeIso(file: OutputFile): string {
  const dir = mkdtempSync(join(tmpdir(), 'bootforge-seed-'));
  const path = join(dir, 'seed.iso');
  writeFileSync(path, file.content);
  return path;
}

function expected(name: string, host = 'knode1'): Buffer {
  const file = produced.find((f) => f.path === `hosts/${host}/${name}`)!;
  return Buffer.from(file.content);
}

describe('seed ISO generator', () => {
  it('writes hosts/<name>/seed.iso per host, 0600 because user-data is', () => {
    const files = render();
    expect(files.map((f) => [f.path, f.mode, f.host])).toEqual([
      ['hosts/knode1/seed.iso', 0o600, 'knode1'],
      ['hosts/knode2/seed.iso', 0o600, 'knode2'],
    ]);
  });

  it('is byte-identical across runs', () => {
    expect(Buffer.from(render()[0]!.content).equals(Buffer.from(render()[0]!.content))).toBe(true);
  });

  describe.runIf(hasTool('isoinfo'))('read back with isoinfo', () => {
    it('has label cidata, Joliet and Rock Ridge', () => {
      const info = run('isoinfo', ['-d', '-i', writeIso(render()[0]!)]).stdout;
      expect(info).toMatch(/^Volume id: cidata$/m);
      expect(info).toMatch(/Joliet with UCS level 3 found/);
      expect(info).toMatch(/Rock Ridge signatures version 1 found/);
    });

    it('lists the real names under Rock Ridge and Joliet', () => {
      const iso = writeIso(render()[0]!);
      for (const flag of ['-R', '-J']) {
        const listing = run('isoinfo', [flag, '-l', '-i', iso]).stdout;
        for (const name of ['user-data', 'meta-data', 'network-config'])
          expect(listing).toMatch(new RegExp(` ${name} *$`, 'm'));
      }
      expect(run('isoinfo', ['-R', '-l', '-i', iso]).stdout).toMatch(
        /^-rw------- .* network-config|^-rw------- .* user-data/m,
      );
    });

    it('extracts byte-identical files through Joliet', () => {
      const iso = writeIso(render()[1]!);
      for (const name of ['user-data', 'meta-data', 'network-config']) {
        expect(
          runBytes('isoinfo', ['-J', '-i', iso, '-x', `/${name}`]).equals(expected(name, 'knode2')),
        ).toBe(true);
      }
    });
  });

  it.runIf(hasTool('xorriso'))('xorriso finds the files and extracts them byte-identical with modes', () => {
    const iso = writeIso(render()[0]!);
    const found = run('xorriso', ['-indev', iso, '-find', '/', '-type', 'f']);
    expect(found.status, found.stderr).toBe(0);
    expect(found.stdout.split('\n').filter(Boolean).sort()).toEqual([
      "'/meta-data'",
      "'/network-config'",
      "'/user-data'",
    ]);
    expect(found.stderr).toMatch(/Volume id\s*: 'cidata'/);
    const out = mkdtempSync(join(tmpdir(), 'bootforge-seed-x-'));
    const extract = run('xorriso', ['-osirrox', 'on', '-indev', iso, '-extract', '/', out]);
    expect(extract.status, extract.stderr).toBe(0);
    for (const name of ['user-data', 'meta-data', 'network-config']) {
      expect(readFileSync(join(out, name)).equals(expected(name))).toBe(true);
    }
  });

  it.runIf(hasTool('blkid'))('blkid sees LABEL="cidata" TYPE="iso9660"', () => {
    const probe = run('blkid', [writeIso(render()[0]!)]).stdout;
    expect(probe).toContain('LABEL="cidata"');
    expect(probe).toContain('TYPE="iso9660"');
  });
});
