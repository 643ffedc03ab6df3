/**
 * The boot-media formats on realistic hosts (the generator tests' HostConfig fixtures: etcd,
 * master, node on EL9, classic CentOS 7, an edge case host) through every
 * registered generator, then the real consumers on what came out (grub-script-check, dnsmasq,
 * xorriso, tar) and the cross-format invariants (the ISO, guestinfo and bundles carry exactly
 * the cloud-init files).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { OutputFile } from '../../../generators/generator.js';
import { placeholderPki } from '../../../profiles/preflight.js';
import { synth } from '../../../synth/synth.js';
import { fixture } from '../../fixtures/hostconfig/index.js';
import { hasTool, run } from '../../fixtures/boot-media/tools.js';
import { planWithHosts } from '../support/contexts.js';

/** Fixture groups with distinct MACs, each with a plan of the matching OS. */
const GROUPS = {
  el9: { os: 'el9', hosts: ['etcd-el9', 'master-el9', 'node-el9', 'el9-edge'] },
  centos7: { os: 'centos7', hosts: ['classic-centos7'] },
} as const;

async function generateAll(group: keyof typeof GROUPS): Promise<OutputFile[]> {
  const hosts = GROUPS[group].hosts.map(fixture);
  const plan = planWithHosts(hosts, { os: GROUPS[group].os });
  const byName = new Map(hosts.map((h) => [h.hostname, h]));
  const { files } = await synth(plan, placeholderPki(plan), { hostConfig: (h) => byName.get(h.name)! });
  return files.filter((f) => !f.path.startsWith('cluster/') && f.path !== 'manifest.json');
}

function writeOut(files: readonly OutputFile[]): string {
  const out = mkdtempSync(join(tmpdir(), 'bootforge-examples-'));
  for (const f of files) {
    mkdirSync(dirname(join(out, f.path)), { recursive: true });
    writeFileSync(join(out, f.path), f.content, { mode: f.mode });
  }
  return out;
}

function walk(dir: string, root = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name), root) : [relative(root, join(dir, e.name))],
  );
}

const MINE = /^(pxe\/|bundles\/|cloud\/|hosts\/[^/]+\/(seed\.iso|vsphere\/|cloud\/))/;

describe.each(['el9', 'centos7'] as const)(
  'every registered generator on the %s HostConfig fixtures',
  async (example) => {
    const files = await generateAll(example);
    const byPath = new Map(files.map((f) => [f.path, f]));
    const hostNames = [...new Set(files.flatMap((f) => (f.host === undefined ? [] : [f.host])))];
    const out = writeOut(files);

    it('has every boot-media file for every host', () => {
      for (const host of hostNames) {
        for (const path of [
          `hosts/${host}/seed.iso`,
          `hosts/${host}/vsphere/govc.sh`,
          `bundles/${host}.tar.gz`,
        ]) {
          expect(byPath.has(path), path).toBe(true);
        }
      }
      expect(byPath.has('pxe/boot.ipxe')).toBe(true);
      expect(byPath.has('pxe/dnsmasq.conf')).toBe(true);
      expect(byPath.has('cloud/sizes.json')).toBe(true);
    });

    it('is byte-identical across runs', async () => {
      const digest = (list: readonly OutputFile[]): string[] =>
        list
          .filter((f) => MINE.test(f.path))
          .map((f) => `${f.path} ${createHash('sha256').update(f.content).digest('hex')}`);
      expect(digest(await generateAll(example))).toEqual(digest(files));
    });

    it.runIf(hasTool('grub-script-check'))('grub-script-check accepts every GRUB file', () => {
      const grub = files.filter((f) => f.path.startsWith('pxe/grub/'));
      expect(grub.length).toBe(1 + 2 * hostNames.length);
      for (const f of grub) {
        const result = run('grub-script-check', [join(out, f.path)]);
        expect(result.status, `${f.path}: ${result.stderr}`).toBe(0);
      }
    });

    it.runIf(hasTool('dnsmasq'))('dnsmasq --test accepts the configuration', () => {
      const tftp = join(out, 'tftp');
      mkdirSync(tftp, { recursive: true });
      const conf = join(out, 'dnsmasq-test.conf');
      writeFileSync(
        conf,
        String(byPath.get('pxe/dnsmasq.conf')!.content).replace(/^tftp-root=.*$/m, `tftp-root=${tftp}`),
      );
      const result = run('dnsmasq', ['--test', `--conf-file=${conf}`]);
      expect(result.status, result.stderr).toBe(0);
    });

    it.runIf(hasTool('xorriso'))('each seed.iso holds exactly the cloud-init files', () => {
      for (const host of hostNames) {
        const dir = mkdtempSync(join(tmpdir(), 'bootforge-seed-'));
        const result = run('xorriso', [
          '-osirrox',
          'on',
          '-indev',
          join(out, `hosts/${host}/seed.iso`),
          '-extract',
          '/',
          dir,
        ]);
        expect(result.status, result.stderr).toBe(0);
        expect(readdirSync(dir).sort()).toEqual(['meta-data', 'network-config', 'user-data']);
        for (const name of ['user-data', 'meta-data', 'network-config']) {
          expect(
            readFileSync(join(dir, name)).equals(Buffer.from(byPath.get(`hosts/${host}/${name}`)!.content)),
            name,
          ).toBe(true);
        }
      }
    });

    it('guestinfo.userdata decodes to the exact user-data', () => {
      for (const host of hostNames) {
        const tf = JSON.parse(String(byPath.get(`hosts/${host}/vsphere/extra_config.tf.json`)!.content)) as {
          locals: Record<string, Record<string, string>>;
        };
        const config = Object.values(tf.locals)[0]!;
        const raw = Buffer.from(config['guestinfo.userdata']!, 'base64');
        const decoded = config['guestinfo.userdata.encoding'] === 'gzip+base64' ? gunzipSync(raw) : raw;
        expect(decoded.equals(Buffer.from(byPath.get(`hosts/${host}/user-data`)!.content))).toBe(true);
      }
    });

    it.runIf(hasTool('tar'))(
      "each bundle extracts to the host's files with the same bytes and modes as OUT",
      () => {
        for (const host of hostNames) {
          const dir = mkdtempSync(join(tmpdir(), 'bootforge-bundle-'));
          const result = run('tar', [
            '-xzpf',
            join(out, `bundles/${host}.tar.gz`),
            '-C',
            dir,
            '--no-same-owner',
          ]);
          expect(result.status, result.stderr).toBe(0);
          const expected = files
            .filter((f) => f.host === host && !f.path.startsWith('bundles/'))
            .map((f) => f.path);
          expect(walk(join(dir, host)).sort()).toEqual([...expected].sort());
          for (const path of expected) {
            expect(readFileSync(join(dir, host, path)).equals(readFileSync(join(out, path))), path).toBe(
              true,
            );
            expect(statSync(join(dir, host, path)).mode & 0o7777, path).toBe(
              statSync(join(out, path)).mode & 0o7777,
            );
          }
        }
      },
    );

    it('reports user-data sizes per host and cloud target', () => {
      const report = JSON.parse(String(byPath.get('cloud/sizes.json')!.content)) as {
        hosts: Record<
          string,
          { userDataBytes: number; gzipBytes: number; targets: Record<string, { status: string }> }
        >;
      };
      expect(Object.keys(report.hosts).sort()).toEqual([...hostNames].sort());
      for (const [host, entry] of Object.entries(report.hosts)) {
        expect(entry.userDataBytes).toBe(
          Buffer.byteLength(String(byPath.get(`hosts/${host}/user-data`)!.content)),
        );
        expect(Object.keys(entry.targets)).toEqual(['aws', 'openstack', 'azure', 'gcp']);
      }
      console.info(
        `${example}: user-data bytes (gzip) per host: ${Object.entries(report.hosts)
          .map(([h, e]) => `${h} ${e.userDataBytes} (${e.gzipBytes}) aws=${e.targets['aws']!.status}`)
          .join(', ')}`,
      );
    });
  },
);
