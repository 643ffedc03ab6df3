/**
 * The generators on real HostConfigs: every host of every example inventory, built by the real
 * loader, planner and profiles (with placeholder PKI material), rendered in all three formats.
 * Each output passes its real validator, every script passes shellcheck, and each format reads
 * back as the HostConfig.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseInventory } from '../../inventory/load.js';
import { planCluster } from '../../plan/plan-cluster.js';
import { buildHostConfigs } from '../../profiles/build-host-config.js';
import { fakePki, PINS } from '../profiles/fixtures.js';
import { renderAll } from './support/render-all.js';
import { shellScripts } from './support/scripts.js';
import { hasTool, REPO_ROOT, run, shellcheck } from './support/tools.js';

const EXAMPLES = path.join(REPO_ROOT, 'examples');
const work = mkdtempSync(path.join(tmpdir(), 'bootforge-examples-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const examples = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe.each(examples)('%s', (example) => {
  const loaded = parseInventory(readFileSync(path.join(EXAMPLES, example), 'utf8'), example);
  const inventory = loaded.inventory;
  if (inventory === undefined)
    throw new Error(`${example} is invalid: ${JSON.stringify(loaded.diagnostics)}`);
  // Artifacts whose upstream publishes no checksum file need a pin; placeholders unless the example has one.
  inventory.cluster.artifacts.sha256 = { ...PINS, ...inventory.cluster.artifacts.sha256 };
  const plan = planCluster(inventory);
  const hosts = buildHostConfigs(plan, fakePki(plan));

  it('has hosts', () => expect(hosts.length).toBe(plan.hosts.length));

  describe.each(hosts.map((h) => [h.hostname, h] as const))('%s', (name, host) => {
    const r = renderAll(host);

    it('every format reads back as the HostConfig', () => {
      expect(r.common.cloudInit).toEqual(r.expected);
      expect(r.common.ignition).toEqual(r.expected);
      expect(r.common.kickstart).toEqual(r.expected);
    });

    it.skipIf(!hasTool('cloud-init'))('user-data passes cloud-init schema', () => {
      const file = path.join(work, `${example}-${name}.user-data`);
      writeFileSync(file, r.text('user-data'));
      const result = run('cloud-init', ['schema', '--config-file', file]);
      expect(result.stdout + result.stderr).toContain('Valid cloud-config');
      expect(result.status).toBe(0);
    });

    it.skipIf(!hasTool('ignition-validate'))('config.ign passes ignition-validate without output', () => {
      const file = path.join(work, `${example}-${name}.ign`);
      writeFileSync(file, r.text('config.ign'));
      const result = run('ignition-validate', [file]);
      expect(result.stdout + result.stderr).toBe('');
      expect(result.status).toBe(0);
    });

    it.skipIf(!hasTool('shellcheck'))(
      '%post, runcmd and every script the profiles write pass shellcheck',
      () => {
        const scripts = {
          '%post': { text: r.kickstart.postScript, shell: 'bash' as const },
          runcmd: { text: r.cloudInit.runcmdScript, shell: 'sh' as const },
          ...shellScripts(r.expected),
        };
        for (const [where, script] of Object.entries(scripts)) {
          expect(shellcheck(script.text, script.shell).output, where).toBe('');
        }
      },
    );
  });
});
