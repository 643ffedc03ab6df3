/**
 * Where rendered files go as they are produced. synth() hands every file to one sink and keeps
 * only its manifest entry, so OUT can stream to disk host by host (emit/out-writer.ts), be
 * collected in memory (tests, `bootforge render`), or be checked and dropped (`validate`).
 */
import { manifestEntry, type ManifestFile } from './manifest.js';
import type { FormattedFile } from './output-file.js';

export interface FileSink {
  /** Takes one file; resolves to its manifest entry once the sink has accepted it. */
  write(file: FormattedFile): Promise<ManifestFile>;
}

/** Keeps every file, in the order written. */
export class MemorySink implements FileSink {
  readonly files: FormattedFile[] = [];

  write(file: FormattedFile): Promise<ManifestFile> {
    this.files.push(file);
    return Promise.resolve(manifestEntry(file));
  }
}

/** Keeps nothing but the entries: for runs that only want the manifest and the diagnostics. */
export class DiscardSink implements FileSink {
  write(file: FormattedFile): Promise<ManifestFile> {
    return Promise.resolve(manifestEntry(file));
  }
}
