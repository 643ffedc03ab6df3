import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildIso, type IsoFile } from '../../../encoders/iso/write-iso.js';
import { level1Identifiers } from '../../../encoders/iso/names.js';
import { hasTool, run, runBytes } from '../../fixtures/boot-media/tools.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** 40 files (more than one 2048-byte directory sector), a 5000-byte file and an empty one. */
function bigImage(): IsoFile[] {
  const files: IsoFile[] = [];
  for (let i = 0; i < 40; i++)
    files.push({
      name: `file-number-${String(i).padStart(2, '0')}.conf`,
      content: enc(`file ${i}\n`),
      mode: 0o644,
    });
  const large = new Uint8Array(5000);
  for (let i = 0; i < large.length; i++) large[i] = (i * 7) % 251;
  files.push(
    { name: 'large.bin', content: large, mode: 0o600 },
    { name: 'empty', content: new Uint8Array(0), mode: 0o640 },
  );
  return files;
}

function write(bytes: Uint8Array): string {
  const path = join(mkdtempSync(join(tmpdir(), 'bootforge-iso-')), 'image.iso');
  writeFileSync(path, bytes);
  return path;
}

describe('ISO 9660 level-1 names', () => {
  it('maps names to 8.3 d-characters and keeps them unique', () => {
    expect(level1Identifiers(['user-data', 'meta-data', 'network-config', 'vendor-data'])).toEqual([
      'USER_DAT.;1',
      'META_DAT.;1',
      'NETWORK_.;1',
      'VENDOR_D.;1',
    ]);
    expect(level1Identifiers(['user-data-a', 'user-data-b', 'user-data-c'])).toEqual([
      'USER_DAT.;1',
      'USER_D01.;1',
      'USER_D02.;1',
    ]);
    expect(level1Identifiers(['archive.tar.gz', '.hidden'])).toEqual(['ARCHIVE_.GZ;1', '_HIDDEN.;1']);
  });
});

describe('buildIso', () => {
  it('is deterministic and sector-aligned', () => {
    const a = buildIso({ volumeId: 'cidata', files: bigImage() });
    const b = buildIso({ volumeId: 'cidata', files: bigImage() });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(a.length % 2048).toBe(0);
  });

  it('gives images that share names, modes and lengths each their own file data', () => {
    const files = (text: string): IsoFile[] => [
      { name: 'user-data', content: enc(text), mode: 0o644 },
      { name: 'meta-data', content: enc(`id: ${text}\n`), mode: 0o644 },
    ];
    const a = buildIso({ volumeId: 'cidata', files: files('host-a') });
    const b = buildIso({ volumeId: 'cidata', files: files('host-b') });
    expect(a.length).toBe(b.length);
    const differing = [...a.keys()].filter((i) => a[i] !== b[i]);
    // Only the two files' data differ: one byte of each ('a' vs 'b'), nothing of the layout.
    expect(differing).toHaveLength(2);
    expect(Buffer.from(b).includes(Buffer.from('id: host-b\n'))).toBe(true);
    expect(Buffer.from(b).includes(Buffer.from('host-a'))).toBe(false);
  });

  it('does not depend on the order files are given in', () => {
    const files = bigImage();
    const a = buildIso({ volumeId: 'cidata', files });
    const b = buildIso({ volumeId: 'cidata', files: [...files].reverse() });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('rejects names Joliet cannot hold, duplicates and bad labels', () => {
    expect(() =>
      buildIso({ volumeId: 'cidata', files: [{ name: 'a/b', content: enc(''), mode: 0o644 }] }),
    ).toThrow(/forbids/);
    expect(() =>
      buildIso({ volumeId: 'cidata', files: [{ name: 'x'.repeat(65), content: enc(''), mode: 0o644 }] }),
    ).toThrow(/64/);
    const twice = { name: 'same', content: enc(''), mode: 0o644 };
    expect(() => buildIso({ volumeId: 'cidata', files: [twice, twice] })).toThrow(/twice/);
    expect(() => buildIso({ volumeId: 'a-label-that-is-too-long', files: [] })).toThrow(/1-16/);
  });

  describe.runIf(hasTool('isoinfo'))('isoinfo', () => {
    const iso = write(buildIso({ volumeId: 'cidata', files: bigImage() }));

    it('reads the volume descriptors and the declared size matches the file', () => {
      const info = run('isoinfo', ['-d', '-i', iso]).stdout;
      expect(info).toMatch(/^Volume id: cidata$/m);
      expect(info).toMatch(/Joliet with UCS level 3 found/);
      expect(info).toMatch(/Rock Ridge signatures version 1 found/);
      const size = /Volume size is: (\d+)/.exec(info)?.[1];
      expect(Number(size) * 2048).toBe(statSync(iso).size);
    });

    it('lists every file under all three trees, with Rock Ridge modes', () => {
      const rr = run('isoinfo', ['-R', '-l', '-i', iso]).stdout;
      const joliet = run('isoinfo', ['-J', '-l', '-i', iso]).stdout;
      const plain = run('isoinfo', ['-l', '-i', iso]).stdout;
      for (const f of bigImage()) {
        expect(rr).toMatch(new RegExp(` ${f.name.replaceAll('.', '\\.')} *$`, 'm'));
        expect(joliet).toMatch(new RegExp(` ${f.name.replaceAll('.', '\\.')} *$`, 'm'));
      }
      expect(plain).toMatch(/ LARGE\.BIN;1 *$/m);
      expect(rr).toMatch(/^-rw------- +1 +0 +0 +5000 .* large\.bin *$/m);
      expect(rr).toMatch(/^-rw-r----- +1 +0 +0 +0 .* empty *$/m);
    });

    it('extracts a multi-sector file byte for byte', () => {
      const large = bigImage().find((f) => f.name === 'large.bin')!;
      expect(
        runBytes('isoinfo', ['-R', '-i', iso, '-x', '/large.bin']).equals(Buffer.from(large.content)),
      ).toBe(true);
      expect(runBytes('isoinfo', ['-J', '-i', iso, '-x', '/file-number-39.conf']).toString()).toBe(
        'file 39\n',
      );
    });
  });

  it.runIf(hasTool('xorriso'))('xorriso checks the media and extracts every file', () => {
    const iso = write(buildIso({ volumeId: 'cidata', files: bigImage() }));
    const check = run('xorriso', ['-indev', iso, '-check_media', '--']);
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout + check.stderr).toMatch(/Media region : +0 , +\d+ , \+ good/);
    const out = mkdtempSync(join(tmpdir(), 'bootforge-iso-x-'));
    const extract = run('xorriso', ['-osirrox', 'on', '-indev', iso, '-extract', '/', out]);
    expect(extract.status, extract.stderr).toBe(0);
    for (const f of bigImage()) {
      expect(readFileSync(join(out, f.name)).equals(Buffer.from(f.content))).toBe(true);
      expect(statSync(join(out, f.name)).mode & 0o777).toBe(f.mode);
    }
  });
});
