import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manifestEntry } from '../../emit/manifest.js';
import { TreeWriter } from '../../emit/tree-writer.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'bf-tree-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const modeOf = (path: string): number => statSync(path).mode & 0o777;

describe('TreeWriter', () => {
  it('writes text and bytes with their modes, making directories once', () => {
    const writer = new TreeWriter({ root, keptBits: 0o755 });
    writer.write({ path: 'hosts/a/user-data', content: '#cloud-config\n', mode: 0o600 });
    writer.write({ path: 'hosts/a/seed.iso', content: new Uint8Array([1, 2, 3]), mode: 0o644 });
    expect(readFileSync(join(root, 'hosts/a/user-data'), 'utf8')).toBe('#cloud-config\n');
    expect([...readFileSync(join(root, 'hosts/a/seed.iso'))]).toEqual([1, 2, 3]);
    expect(modeOf(join(root, 'hosts/a/user-data'))).toBe(0o600);
    expect(modeOf(join(root, 'hosts/a'))).toBe(0o755);
  });

  it('returns the manifest entry of the bytes it wrote, text of any size and script included', () => {
    const writer = new TreeWriter({ root, keptBits: 0o755 });
    const files = [
      { path: 'a/big.txt', content: `é✓😀\n`.repeat(300_000), mode: 0o644, format: 'x', host: 'h1' }, // > the buffer
      { path: 'a/small.txt', content: 'après\n', mode: 0o600, format: 'x' }, // the grown buffer, reused
      { path: 'a/lone.txt', content: 'a\ud800b', mode: 0o644, format: 'y' }, // a lone surrogate
      { path: 'b/bin.iso', content: new Uint8Array([0, 255, 7]), mode: 0o644, format: 'z', host: 'h2' },
      { path: 'b/ascii.txt', content: 'x'.repeat(2_000_000), mode: 0o644, format: 'z' },
    ];
    for (const file of files) {
      expect(writer.writeFile(file)).toEqual(manifestEntry(file));
      expect(readFileSync(join(root, file.path)).equals(Buffer.from(file.content))).toBe(true);
    }
  });

  it('restores a mode the umask narrowed when the umask is known to clear its bits', () => {
    const previous = process.umask(0o077);
    try {
      new TreeWriter({ root, keptBits: 0o700 }).write({
        path: 'pxe/boot.ipxe',
        content: '#!ipxe\n',
        mode: 0o644,
      });
    } finally {
      process.umask(previous);
    }
    expect(modeOf(join(root, 'pxe/boot.ipxe'))).toBe(0o644);
  });

  it('never writes over a file, nor outside the tree', () => {
    const writer = new TreeWriter({ root, keptBits: 0o755 });
    writer.write({ path: 'a.txt', content: 'first', mode: 0o644 });
    expect(() => writer.write({ path: 'a.txt', content: 'second', mode: 0o644 })).toThrow(/EEXIST/);
    expect(readFileSync(join(root, 'a.txt'), 'utf8')).toBe('first');
    for (const path of ['../escape.txt', '/etc/passwd', 'a//b', 'a/./b'])
      expect(() => writer.write({ path, content: 'x', mode: 0o644 })).toThrow(/refusing/);
  });
});
