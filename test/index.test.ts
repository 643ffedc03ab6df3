/** The library entry: `import { synth } from 'bootforge'` gives the same OUT as the CLI. */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as bootforge from '../index.js';

const repo = path.resolve(import.meta.dirname, '..');

describe('library entry', () => {
  it('runs the pipeline: load, plan, placeholder PKI, synth in memory', async () => {
    const { inventory } = await bootforge.loadInventory(path.join(repo, 'examples/classic.yaml'));
    expect(inventory).toBeDefined();
    const plan = bootforge.planCluster(inventory!);
    const result = await bootforge.synth(plan, bootforge.placeholderPki(plan));
    expect(result.files.map((f) => f.path)).toContain('hosts/knode1/user-data');
    expect(result.manifest.files.length).toBe(result.files.length - 1);
  });

  it("resolves as the package 'bootforge' (package.json exports)", () => {
    const script = [
      "import { synth, loadInventory, planCluster, placeholderPki } from 'bootforge';",
      "const { inventory } = await loadInventory('examples/ha.yaml');",
      'const plan = planCluster(inventory);',
      'const { manifest } = await synth(plan, placeholderPki(plan), { formats: ["kickstart"] });',
      'console.log(manifest.files.filter((f) => f.format === "kickstart").length);',
    ].join('\n');
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(Number(out.trim())).toBe(10);
  });
});
