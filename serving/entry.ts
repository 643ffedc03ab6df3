/**
 * What the serving policy knows of OUT: one entry per file and per host, as manifest.json records
 * them. Defined here (not imported from emit/ or server/) so that the policy stays a leaf that both
 * `bootforge serve` and the nginx configuration generator can use.
 */

export interface ServingFile {
  /** Path relative to OUT, `/`-separated. */
  readonly path: string;
  /** The host the file belongs to, as the manifest records it (never guessed from the path). */
  readonly host?: string;
  /** Carries a key, token or password hash: served only to its owner (see secret-owner.ts). */
  readonly secret: boolean;
}

export interface ServingHost {
  readonly name: string;
  /** The inventory address the host's requests come from. */
  readonly ip: string;
  /** Lower-case colon form; null for a host not delivered by PXE that has no MAC in the inventory. */
  readonly mac: string | null;
}
