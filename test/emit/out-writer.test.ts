import { mkdtemp, mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { recoverInterruptedSwap, writeTreeAtomically } from '../../emit/out-writer.js';

let base: string;
let out: string;

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'bf-write-'));
  out = join(base, 'out');
});

async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

describe('writeTreeAtomically', () => {
  it('writes every file with its mode, secrets 0600 despite a permissive umask', async () => {
    await writeTreeAtomically(out, [
      { path: 'hosts/a/user-data', content: '#cloud-config\n', mode: 0o600 },
      { path: 'pxe/boot.ipxe', content: '#!ipxe\n', mode: 0o644 },
      { path: 'hosts/a/seed.iso', content: new Uint8Array([1, 2, 3]), mode: 0o644 },
    ]);
    expect(await readFile(join(out, 'hosts/a/user-data'), 'utf8')).toBe('#cloud-config\n');
    expect(await modeOf(join(out, 'hosts/a/user-data'))).toBe(0o600);
    expect(await modeOf(join(out, 'pxe/boot.ipxe'))).toBe(0o644);
    expect([...(await readFile(join(out, 'hosts/a/seed.iso')))]).toEqual([1, 2, 3]);
  });

  it("restores each file's mode under a umask that narrows it (0o077)", async () => {
    const previous = process.umask(0o077);
    try {
      await writeTreeAtomically(out, [
        { path: 'pxe/boot.ipxe', content: '#!ipxe\n', mode: 0o644 },
        { path: 'hosts/a/user-data', content: '#cloud-config\n', mode: 0o600 },
        { path: 'hosts/a/tool.sh', content: '#!/bin/sh\n', mode: 0o755 },
      ]);
    } finally {
      process.umask(previous);
    }
    expect(await modeOf(join(out, 'pxe/boot.ipxe'))).toBe(0o644);
    expect(await modeOf(join(out, 'hosts/a/user-data'))).toBe(0o600);
    expect(await modeOf(join(out, 'hosts/a/tool.sh'))).toBe(0o755);
  });

  it('replaces the previous tree entirely and leaves no temporary directory behind', async () => {
    await writeTreeAtomically(out, [{ path: 'old.txt', content: 'old', mode: 0o644 }]);
    await writeTreeAtomically(out, [{ path: 'new.txt', content: 'new', mode: 0o644 }]);
    expect(await readdir(out)).toEqual(['new.txt']);
    expect(await readdir(base)).toEqual(['out']);
  });

  it('leaves the previous OUT exactly as it was when a write fails', async () => {
    await writeTreeAtomically(out, [{ path: 'keep.txt', content: 'precious', mode: 0o644 }]);
    await expect(
      writeTreeAtomically(out, [
        { path: 'fine.txt', content: 'x', mode: 0o644 },
        { path: '../escape.txt', content: 'x', mode: 0o644 },
      ]),
    ).rejects.toThrow(/unsafe output path/);
    expect(await readdir(out)).toEqual(['keep.txt']);
    expect(await readFile(join(out, 'keep.txt'), 'utf8')).toBe('precious');
    expect(await readdir(base)).toEqual(['out']);
  });

  it('refuses absolute paths and empty segments', async () => {
    for (const path of ['/etc/passwd', 'a//b', './a', 'a/./b', '']) {
      await expect(writeTreeAtomically(out, [{ path, content: 'x', mode: 0o644 }])).rejects.toThrow();
    }
    await expect(stat(out)).rejects.toThrow();
  });
});

describe('recoverInterruptedSwap', () => {
  it('puts the previous OUT back after a kill between the two renames', async () => {
    const old = `${out}.bootforge-old`;
    await mkdir(old);
    await writeFile(join(old, 'keep.txt'), 'precious');
    await recoverInterruptedSwap(out);
    expect(await readFile(join(out, 'keep.txt'), 'utf8')).toBe('precious');
    expect(await readdir(base)).toEqual(['out']);
  });

  it('drops the old copy when the new OUT was already in place, and removes stale temp dirs', async () => {
    await mkdir(out);
    await writeFile(join(out, 'new.txt'), 'new');
    await mkdir(`${out}.bootforge-old`);
    // pid 999999999 cannot exist (above Linux's pid_max): its run is gone.
    await mkdir(join(base, '.bootforge-tmp-out-999999999-456'));
    await mkdir(join(base, '.bootforge-tmp-other-1-2'));
    const done = await recoverInterruptedSwap(out);
    expect((await readdir(base)).sort()).toEqual(['.bootforge-tmp-other-1-2', 'out']);
    expect(await readdir(out)).toEqual(['new.txt']);
    expect(done).toEqual(['removed .bootforge-tmp-out-999999999-456, left beside OUT by an interrupted run']);
  });

  it('leaves the temporary directory of a run that is still going, and says so', async () => {
    const live = `.bootforge-tmp-out-${process.ppid}-456`;
    await mkdir(join(base, live));
    const done = await recoverInterruptedSwap(out);
    expect(await readdir(base)).toEqual([live]);
    expect(done).toEqual([
      `left ${live} alone: process ${process.ppid}, which is writing it, is still running`,
    ]);
  });

  it('says when it put the previous OUT back', async () => {
    await mkdir(`${out}.bootforge-old`);
    expect(await recoverInterruptedSwap(out)).toEqual([
      'put the previous OUT back from out.bootforge-old (a run was interrupted while swapping it)',
    ]);
  });
});
