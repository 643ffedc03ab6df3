/**
 * synth(): per-host rendering, carry-over for partial runs, the site phase over the final file
 * list, diagnostics with their real host paths, streaming to a sink.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutWriter } from '../../emit/out-writer.js';
import type { FormattedFile } from '../../emit/output-file.js';
import { toText } from '../../encoders/bytes.js';
import type { Generator } from '../../generators/generator.js';
import { GENERATORS } from '../../generators/registry.js';
import { loadInventory } from '../../inventory/load.js';
import { DELIVERY_TARGETS } from '../../inventory/model.js';
import { planCluster } from '../../plan/plan-cluster.js';
import { buildHostConfig } from '../../profiles/build-host-config.js';
import { placeholderPki } from '../../profiles/preflight.js';
import { synth } from '../../synth/synth.js';

const repo = path.resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(path.join(tmpdir(), 'bootforge-synth-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** An example; `everyDelivery`: delivered every way (cluster.delivery lists every target). */
async function example(name: string, everyDelivery = false) {
  const { inventory, diagnostics } = await loadInventory(path.join(repo, 'examples', `${name}.yaml`));
  if (!inventory) throw new Error(JSON.stringify(diagnostics));
  if (everyDelivery) {
    inventory.cluster.delivery = [...DELIVERY_TARGETS];
    for (const host of inventory.hosts) host.delivery = [...DELIVERY_TARGETS];
  }
  const plan = planCluster(inventory);
  return { plan, pki: placeholderPki(plan) };
}

const byPath = (files: readonly FormattedFile[]): Map<string, FormattedFile> =>
  new Map(files.map((f) => [f.path, f]));

describe('synth on the classic example, delivered every way', async () => {
  const { plan, pki } = await example('classic', true);
  const full = await synth(plan, pki);
  const fullFiles = byPath(full.files);

  it('returns every file with manifest.json last, and a manifest that lists every other file', () => {
    expect(full.files.at(-1)?.path).toBe('manifest.json');
    expect(full.manifest.files.map((f) => f.path).sort()).toEqual(
      full.files
        .slice(0, -1)
        .map((f) => f.path)
        .sort(),
    );
    expect(JSON.parse(toText(full.files.at(-1)!.content))).toEqual(full.manifest);
  });

  it('streams the same bytes to disk as it keeps in memory', async () => {
    const out = path.join(scratch, 'out');
    const writer = await OutWriter.open(out);
    const streamed = await synth(plan, pki, { sink: writer });
    await writer.commit();
    expect(streamed.files).toEqual([]);
    expect(streamed.manifest).toEqual(full.manifest);
    for (const f of full.files)
      expect(toText(readFileSync(path.join(out, f.path))), f.path).toBe(toText(f.content));
  });

  it('renders only the named hosts and formats and carries the rest of the previous OUT over', async () => {
    const previous = full.files.map((f) =>
      f.path === 'hosts/knode2/ks.cfg' || f.path === 'hosts/knode3/ks.cfg' ? { ...f, content: '# old\n' } : f,
    );
    const partial = await synth(plan, pki, { formats: ['kickstart'], hosts: ['knode2'], previous });
    const files = byPath(partial.files);
    expect(toText(files.get('hosts/knode2/ks.cfg')!.content)).toBe(
      toText(fullFiles.get('hosts/knode2/ks.cfg')!.content),
    );
    expect(toText(files.get('hosts/knode3/ks.cfg')!.content)).toBe('# old\n');
    expect([...files.keys()].sort()).toEqual([...fullFiles.keys()].sort());
  });

  it('re-renders nginx.conf from the final OUT in a partial run that did not select it', async () => {
    const previous = full.files.map((f) =>
      f.path === 'pxe/nginx.conf' ? { ...f, content: '# stale\n' } : f,
    );
    const partial = await synth(plan, pki, { formats: ['cloud-init'], previous });
    expect(toText(byPath(partial.files).get('pxe/nginx.conf')!.content)).toBe(
      toText(fullFiles.get('pxe/nginx.conf')!.content),
    );
  });

  it('keeps the cloud size report of the hosts a --hosts run did not render', async () => {
    const partial = await synth(plan, pki, { hosts: ['knode2'], previous: full.files });
    expect(toText(byPath(partial.files).get('cloud/sizes.json')!.content)).toBe(
      toText(fullFiles.get('cloud/sizes.json')!.content),
    );
  });

  it('points each host diagnostic at the delivery entry that asks for it, formats in registry order', async () => {
    // Incompressible content makes knode3's user-data too large for every cloud target.
    const noise = randomBytes(40_000).toString('base64');
    const result = await synth(plan, pki, {
      formats: ['cloud', 'vsphere'],
      hostConfig: (host) => {
        const config = buildHostConfig(plan, host, pki);
        if (host.name !== 'knode3') return config;
        return {
          ...config,
          files: [...config.files, { path: '/etc/noise', mode: 0o644, content: noise, secret: false }],
        };
      },
    });
    expect(result.diagnostics.length).toBeGreaterThan(0);
    // knode3's delivery is the cluster's (every target): each finding points at its target there.
    const at = (target: string): string => `cluster.delivery[${DELIVERY_TARGETS.indexOf(target as never)}]`;
    const paths = new Set(result.diagnostics.map((d) => d.path));
    expect(paths).toContain(at('vsphere'));
    expect(paths).toContain(at('cloud:aws'));
    const targets = ['vsphere', 'cloud:aws', 'cloud:openstack', 'cloud:azure', 'cloud:gcp'];
    for (const p of paths) expect(targets.map(at)).toContain(p);
    expect(result.diagnostics.every((d) => d.message.startsWith('knode3:'))).toBe(true);
    const codes = result.diagnostics.map((d) => d.code);
    expect(codes.indexOf('VSPHERE_GUESTINFO_TOO_LARGE')).toBeLessThan(codes.indexOf('USER_DATA_TOO_LARGE'));
  });
});

describe('synth refuses', async () => {
  const { plan, pki } = await example('classic');

  it('two formats writing one path', async () => {
    const twin: Generator = {
      name: 'twin',
      needs: [],
      host: (ctx) => ({ files: [{ path: `hosts/${ctx.host.name}/ks.cfg`, content: 'x', mode: 0o644 }] }),
    };
    const generators = [...GENERATORS.filter((g) => g.name === 'kickstart'), twin];
    await expect(synth(plan, pki, { generators })).rejects.toThrow(
      /two generators wrote hosts\/knode1\/ks.cfg/,
    );
  });

  it('an unknown host name', async () => {
    await expect(synth(plan, pki, { hosts: ['nope'] })).rejects.toThrow(/unknown host\(s\): nope/);
  });
});
