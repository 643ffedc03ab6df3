/** Small dotted-version helpers ("1.23.17", "v3.5.9"); pre-release suffixes are ignored. */

export type VersionTuple = readonly [number, number, number];

export function parseVersion(version: string): VersionTuple {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version.trim());
  if (!m) throw new Error(`not a version: ${JSON.stringify(version)}`);
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}

/** Negative when a < b, zero when equal, positive when a > b. */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  for (let i = 0; i < 3; i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function versionAtLeast(version: string, min: string): boolean {
  return compareVersions(version, min) >= 0;
}

/** The version without a leading `v`. */
export function bare(version: string): string {
  return version.trim().replace(/^v/, '');
}
