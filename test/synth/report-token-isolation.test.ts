/**
 * A host's configs carry its own report token and no other host's: user-data, config.ign (ha), ks.cfg,
 * the seed ISO, vSphere and cloud user-data, tar.gz and zip bundles, PXE files. Every file of OUT
 * is searched through the encodings it may use (gzip, zip deflate, base64 in ks.cfg heredocs and
 * guestinfo, data URLs); files of no host (site files) carry no token at all.
 */
import { describe, expect, it } from 'vitest';
import { GENERATORS } from '../../generators/registry.js';
import { loadInventory } from '../../inventory/load.js';
import { DELIVERY_TARGETS } from '../../inventory/model.js';
import { planCluster } from '../../plan/plan-cluster.js';
import { placeholderPki } from '../../profiles/preflight.js';
import { synth } from '../../synth/synth.js';
import { views } from './encoded-views.js';
import path from 'node:path';

const repo = path.resolve(import.meta.dirname, '../..');

function ownerOf(file: { path: string; host?: string }): string | undefined {
  return file.host ?? /^(?:hosts\/([^/]+)\/|bundles\/([^/.]+)\.)/.exec(file.path)?.slice(1).find(Boolean);
}

describe.each(['classic', 'ha'])('report tokens in OUT of examples/%s.yaml', (example) => {
  it('every host file carries its own token only; no other file carries one', async () => {
    const { inventory, diagnostics } = await loadInventory(path.join(repo, 'examples', `${example}.yaml`));
    if (!inventory) throw new Error(JSON.stringify(diagnostics));
    // Delivered every way, so every format (and encoding) a token can travel in is rendered.
    inventory.cluster.delivery = [...DELIVERY_TARGETS];
    for (const host of inventory.hosts) host.delivery = [...DELIVERY_TARGETS];
    const plan = planCluster(inventory);
    const pki = placeholderPki(plan);
    const tokens = pki.reportTokens;
    expect(new Set(Object.values(tokens)).size).toBe(plan.hosts.length);
    const { files } = await synth(plan, pki, {
      formats: GENERATORS.filter((g) => g.always !== true).map((g) => g.name),
    });

    const carriers = new Map<string, Set<string>>();
    for (const file of files) {
      const all = views(Buffer.from(file.content)).join('\n');
      const found = Object.entries(tokens)
        .filter(([, token]) => all.includes(token))
        .map(([host]) => host);
      const owner = ownerOf(file);
      expect({ file: file.path, tokens: found }).toEqual({
        file: file.path,
        tokens: owner !== undefined && found.length > 0 ? [owner] : [],
      });
      if (owner !== undefined && found.length > 0) {
        expect(file.mode & 0o077, `${file.path} carries a token: no access for group or others`).toBe(0);
        (carriers.get(owner) ?? carriers.set(owner, new Set()).get(owner)!).add(file.path);
      }
    }
    // classic is CentOS 7, which cannot boot Ignition: config.ign is ha's (EL9) only.
    const ignition = example === 'ha';
    expect(files.some((f) => f.path.endsWith('/config.ign'))).toBe(ignition);
    for (const host of plan.hosts) {
      const paths = [...(carriers.get(host.name) ?? [])];
      const dir = `hosts/${host.name}`;
      for (const expected of [
        `${dir}/user-data`,
        ...(ignition ? [`${dir}/config.ign`] : []),
        `${dir}/ks.cfg`,
        `${dir}/seed.iso`,
        `bundles/${host.name}.tar.gz`,
        `bundles/${host.name}.zip`,
      ]) {
        expect(paths, `${host.name}'s token in ${expected}`).toContain(expected);
      }
    }
  });
});
