/**
 * Where rendered files go as they are produced. synth() hands every file, with its manifest
 * entry, to one sink and keeps only the entry, so OUT can stream to disk host by host
 * (emit/out-writer.ts), be collected in memory (tests, `bootforge render`), or be checked and
 * dropped (`validate`).
 */
import type { ManifestFile } from './manifest.js';
import type { FormattedFile } from './output-file.js';
import type { TreeTarget } from './tree-writer.js';

export interface FileSink {
  /** Takes one file (and its manifest entry); resolves once the sink can take the next one. */
  write(file: FormattedFile, entry: ManifestFile): Promise<void>;
  /**
   * A directory tree host workers may write their files into themselves (emit/tree-writer.ts);
   * the files they wrote are then not handed to `write`. The OUT writer has one.
   */
  readonly tree?: TreeTarget;
}

/** Keeps every file, in the order written. */
export class MemorySink implements FileSink {
  readonly files: FormattedFile[] = [];

  write(file: FormattedFile): Promise<void> {
    this.files.push(file);
    return Promise.resolve();
  }
}

/** Keeps nothing: for runs that only want the manifest and the diagnostics. */
export class DiscardSink implements FileSink {
  write(): Promise<void> {
    return Promise.resolve();
  }
}
