/**
 * Golden files for the two examples: the whole OUT rendered against placeholder PKI text (so the
 * goldens hold no key material and change only when profiles or generators do). The primary text
 * files are stored as they are; binary files (seed ISOs, bundles) and re-encodings of user-data
 * (vSphere guestinfo, cloud targets) are held by manifest.json's sha256. Rendered as `generate`
 * renders them: with the provenance header (synth/provenance.ts), so a version bump changes them.
 * Regenerate on request only: UPDATE_GOLDEN=1 npx vitest run test/synth/golden.test.ts
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageVersion } from '../../cli/version.js';
import { loadInventory } from '../../inventory/load.js';
import { planCluster } from '../../plan/plan-cluster.js';
import { placeholderPki } from '../../profiles/preflight.js';
import { synth } from '../../synth/synth.js';

const repo = path.resolve(import.meta.dirname, '../..');
const update = process.env['UPDATE_GOLDEN'] === '1';
const HASHED_ONLY = /\.(iso|tar\.gz|zip)$|^hosts\/[^/]+\/(vsphere|cloud)\//;

function listFiles(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel))
    .sort()
    .flatMap((name) => {
      const r = rel === '' ? name : `${rel}/${name}`;
      return statSync(path.join(dir, r)).isDirectory() ? listFiles(dir, r) : [r];
    });
}

async function render(example: string): Promise<Map<string, string>> {
  const { inventory, diagnostics } = await loadInventory(path.join(repo, 'examples', `${example}.yaml`));
  if (!inventory) throw new Error(JSON.stringify(diagnostics));
  const plan = planCluster(inventory);
  const provenance = { inventory: `${example}.yaml`, version: packageVersion() };
  const { files } = await synth(plan, placeholderPki(plan), { provenance });
  return new Map(
    files
      .filter((f) => !HASHED_ONLY.test(f.path))
      .map((f) => [
        f.path,
        typeof f.content === 'string' ? f.content : Buffer.from(f.content).toString('utf8'),
      ]),
  );
}

describe.each(['classic', 'ha'])('golden OUT of examples/%s.yaml', (example) => {
  it('matches test/golden byte for byte', async () => {
    const dir = path.join(repo, 'test/golden', example);
    const actual = await render(example);
    if (update) {
      rmSync(dir, { recursive: true, force: true });
      for (const [rel, text] of actual) {
        mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        writeFileSync(path.join(dir, rel), text);
      }
    }
    const stored = listFiles(dir);
    expect(stored).toEqual([...actual.keys()].sort());
    for (const rel of stored) {
      expect(actual.get(rel), `${example}/${rel} differs from its golden (UPDATE_GOLDEN=1 to accept)`).toBe(
        readFileSync(path.join(dir, rel), 'utf8'),
      );
    }
  });
});
