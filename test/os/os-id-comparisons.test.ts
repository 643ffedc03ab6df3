/**
 * Code outside os/ asks the OS family for what it can do (os/family.ts) instead of comparing OS ids:
 * a comparison with an OS id literal (`os === 'centos7'`, `'el9' !== os`, ...) in a source file outside
 * os/ and test/ fails here. The comparisons inventory/ and plan/ made when they came before os/ in the
 * stage order (test/layers.test.ts) are listed below, one by one, so that the list can only shrink.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OS_IDS } from '../../inventory/model.js';

const repo = path.resolve(import.meta.dirname, '../..');
const NOT_SCANNED = new Set(['node_modules', 'dist', 'test', 'os', 'examples', 'bin', 'coverage']);

/** Validation and planning facts not yet expressed as family data. */
const EARLIER_STAGE_COMPARISONS: Readonly<Record<string, number>> = {
  // cgroup v1 refusal/warning by Kubernetes minor (CGROUP_V1_UNSUPPORTED, CGROUP_V1_DEPRECATED).
  'inventory/rules/versions.ts': 2,
  // EL9's AppStream tree beside BaseOS (MISSING_APPSTREAM).
  'inventory/rules/cluster.ts': 1,
  // the install tree's AppStream derivation (installSource).
  'plan/boot.ts': 1,
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name.startsWith('.') || NOT_SCANNED.has(name)) return [];
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [full] : [];
  });
}

const ids = OS_IDS.join('|');
const COMPARISON = new RegExp(`[!=]==?\\s*['"\`](?:${ids})['"\`]|['"\`](?:${ids})['"\`]\\s*[!=]==?`, 'g');

function osIdComparisons(text: string): number {
  return [...text.matchAll(COMPARISON)].length;
}

describe('OS id comparisons outside os/', () => {
  it('recognises a comparison in either order and with either operator', () => {
    expect(osIdComparisons(`if (host.os === 'centos7') x();`)).toBe(1);
    expect(osIdComparisons(`if ("el9" !== os) x();`)).toBe(1);
    expect(osIdComparisons("const a = os == `debian12` || os != 'ubuntu2404';")).toBe(2);
    expect(osIdComparisons(`const families = { centos7, el9 }; const id = 'centos7';`)).toBe(0);
  });

  it('finds none outside os/ and test/, but the earlier stages listed', () => {
    const found: Record<string, number> = {};
    for (const file of sourceFiles(repo)) {
      const count = osIdComparisons(readFileSync(file, 'utf8'));
      if (count > 0) found[path.relative(repo, file).split(path.sep).join('/')] = count;
    }
    expect(found).toEqual(EARLIER_STAGE_COMPARISONS);
  });
});
