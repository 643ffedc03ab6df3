/**
 * Writes files into one directory tree, synchronously: the core of the OUT writer's temporary
 * tree, shared with the host workers, which write their hosts' files into it themselves (no
 * copy of the bytes to the main thread, no thread-pool round trips per file; each worker's
 * writes run on its own core). Every file is created with its final mode (`wx`: never over
 * another file), so a secret is never readable, even for a moment. A text file is encoded into a
 * buffer reused from file to file (as large as the largest text file so far), hashed and written
 * from there: its bytes are made once, with no allocation per file.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { entryOf, sha256Hex, type ManifestFile } from './manifest.js';
import type { FormattedFile, OutputFile } from './output-file.js';
import { isSafeRelativePath } from './safe-path.js';

/** A tree files may be written into: what a host worker needs to write into the OUT writer's. */
export interface TreeTarget {
  /** The temporary directory the new OUT is written into. */
  root: string;
  /** Mode bits the umask provably leaves alone: a file needing others gets a chmod after creation. */
  keptBits: number;
}

/** Rejects absolute paths and `..` so a generator bug can never write outside the tree. */
export function treePath(root: string, rel: string): string {
  if (!isSafeRelativePath(rel)) throw new Error(`refusing to write unsafe output path '${rel}'`);
  const full = resolve(root, rel);
  if (!full.startsWith(root + sep)) throw new Error(`refusing to write outside OUT: '${rel}'`);
  return full;
}

export class TreeWriter {
  /** Directories this writer made (or saw made): each is made once. */
  private readonly made = new Set<string>();
  /** Where text is encoded (bytesOf). */
  private scratch = Buffer.allocUnsafe(1 << 20);

  constructor(private readonly target: TreeTarget) {
    this.made.add(target.root);
  }

  /** Writes one file; returns its bytes' sha256 and size. */
  write(file: Pick<OutputFile, 'path' | 'content' | 'mode'>): { sha256: string; size: number } {
    const path = treePath(this.target.root, file.path);
    const dir = dirname(path);
    if (!this.made.has(dir)) {
      mkdirSync(dir, { recursive: true, mode: 0o755 });
      this.made.add(dir);
    }
    const bytes = this.bytesOf(file.content);
    writeFileSync(path, bytes, { flag: 'wx', mode: file.mode });
    if ((file.mode & ~this.target.keptBits) !== 0) chmodSync(path, file.mode);
    return { sha256: sha256Hex(bytes), size: bytes.byteLength };
  }

  /** Writes one file and returns its manifest entry. */
  writeFile(file: FormattedFile): ManifestFile {
    const { sha256, size } = this.write(file);
    return entryOf(file, sha256, size);
  }

  /** The content's bytes; text is encoded into the reused buffer (valid until the next call). */
  private bytesOf(content: string | Uint8Array): Uint8Array {
    if (typeof content !== 'string') return content;
    // UTF-8 takes at most 3 bytes per UTF-16 unit: below that bound no length scan is needed.
    if (content.length * 3 > this.scratch.length) {
      const needed = Buffer.byteLength(content, 'utf8');
      if (needed > this.scratch.length)
        this.scratch = Buffer.allocUnsafe(Math.max(needed, 2 * this.scratch.length));
    }
    const size = this.scratch.write(content, 0, 'utf8');
    return this.scratch.subarray(0, size);
  }
}
