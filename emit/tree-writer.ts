/**
 * Writes files into one directory tree, synchronously: the core of the OUT writer's temporary
 * tree, shared with the host workers, which write their hosts' files into it themselves (no
 * copy of the bytes to the main thread, no thread-pool round trips per file; each worker's
 * writes run on its own core). Every file is created with its final mode (`wx`: never over
 * another file), so a secret is never readable, even for a moment.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { toBytes } from '../encoders/bytes.js';
import type { OutputFile } from './output-file.js';
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

  constructor(private readonly target: TreeTarget) {
    this.made.add(target.root);
  }

  write(file: Pick<OutputFile, 'path' | 'content' | 'mode'>): void {
    const path = treePath(this.target.root, file.path);
    const dir = dirname(path);
    if (!this.made.has(dir)) {
      mkdirSync(dir, { recursive: true, mode: 0o755 });
      this.made.add(dir);
    }
    writeFileSync(path, toBytes(file.content), { flag: 'wx', mode: file.mode });
    if ((file.mode & ~this.target.keptBits) !== 0) chmodSync(path, file.mode);
  }
}
