/**
 * One file of OUT as a generator produces it, and the same tagged with its format. Emitting
 * (manifest, carry-over, the atomic writer) knows files, never what produced them.
 */
export interface OutputFile {
  /** Relative to OUT, forward slashes, e.g. `hosts/knode1/user-data`. */
  path: string;
  content: string | Uint8Array;
  /** 0o644 for public files, 0o600 for anything carrying a private key, token or password hash. */
  mode: number;
  /** The host this file belongs to, if any (manifest.json records it). */
  host?: string;
}

/** An OutputFile tagged with the generator (format) that produced it. */
export interface FormattedFile extends OutputFile {
  format: string;
}
