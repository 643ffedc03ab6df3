import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { deterministicGzip } from '../../../encoders/gzip.js';
import { cloudGenerator, type HostDelivery } from '../../../generators/cloud/cloud-generator.js';
import { renderMultipart } from '../../../generators/cloud/multipart.js';
import { fits, CLOUD_TARGETS } from '../../../generators/cloud/targets.js';
import type { OutputFile } from '../../../generators/generator.js';
import { fixtureCloudInitFiles, fixtureHosts, fixturePlan } from '../../fixtures/boot-media/cluster.js';
import { run } from '../../fixtures/boot-media/tools.js';
import { cloudInitOverrides, contextFor, siteOf } from '../support/contexts.js';

const plan = fixturePlan();
const hosts = fixtureHosts(plan);
const here = dirname(fileURLToPath(import.meta.url));

/** Text that gzip shrinks about 10x: repeated cloud-config entries. */
function compressible(bytes: number): string {
  let out = '#cloud-config\nwrite_files:\n';
  for (let i = 0; out.length < bytes; i++)
    out += `  - path: /etc/bootforge/file-${i}.conf\n    content: "setting ${i % 7}"\n`;
  return out;
}

/** Text gzip cannot shrink much: base64 of a hash chain. */
function incompressible(bytes: number): string {
  const chunks: Buffer[] = [];
  let block = createHash('sha256').update('x').digest();
  while (chunks.length * 32 * 4 < bytes * 3)
    chunks.push((block = createHash('sha256').update(block).digest()));
  return `#cloud-config\n# ${Buffer.concat(chunks).toString('base64').slice(0, bytes)}\n`;
}

function renderHosts(userData: Record<string, string> = {}) {
  return hosts.map((h) =>
    cloudGenerator.host!(
      contextFor(plan, h, cloudInitOverrides(fixtureCloudInitFiles(h.hostname, userData[h.hostname]))),
      [],
    ),
  );
}

function render(userData: Record<string, string> = {}): OutputFile[] {
  const rendered = renderHosts(userData);
  const summaries = new Map(hosts.map((h, i) => [h.hostname, rendered[i]!.summary]));
  return [...rendered.flatMap((r) => r.files), ...siteOf(cloudGenerator, plan, [], { summaries }).files];
}

function diagnose(userData: Record<string, string> = {}) {
  return renderHosts(userData).flatMap((r) => r.diagnostics ?? []);
}

function report(files: readonly OutputFile[]): Record<string, HostDelivery> {
  const file = files.find((f) => f.path === 'cloud/sizes.json')!;
  return (JSON.parse(String(file.content)) as { hosts: Record<string, HostDelivery> }).hosts;
}

function content(files: readonly OutputFile[], path: string): Buffer {
  const f = files.find((x) => x.path === path);
  if (f === undefined) throw new Error(`missing ${path}`);
  return Buffer.from(f.content);
}

const hasCloudInitPython = existsSync('/usr/lib/python3/dist-packages/cloudinit/user_data.py');
if (!hasCloudInitPython) {
  if (process.env.CI === 'true') throw new Error('cloud-init (python3 module) is required in CI');
  console.warn('NOTE: cloud-init is not installed; the MIME read-back test is skipped');
}

describe('cloud generator', () => {
  it('writes user-data per target with the user-data mode, and a size report', () => {
    const files = render();
    expect(files.map((f) => f.path)).toEqual([
      'hosts/knode1/cloud/user-data.aws',
      'hosts/knode1/cloud/user-data.openstack',
      'hosts/knode1/cloud/user-data.azure',
      'hosts/knode1/cloud/user-data.gcp',
      'hosts/knode2/cloud/user-data.aws',
      'hosts/knode2/cloud/user-data.openstack',
      'hosts/knode2/cloud/user-data.azure',
      'hosts/knode2/cloud/user-data.gcp',
      'cloud/sizes.json',
    ]);
    expect(files.filter((f) => f.path.includes('/cloud/user-data.')).every((f) => f.mode === 0o600)).toBe(
      true,
    );
    const knode1 = report(files)['knode1']!;
    expect(knode1.targets.aws).toMatchObject({
      status: 'fits',
      encoding: 'plain',
      file: 'hosts/knode1/cloud/user-data.aws',
    });
    expect(knode1.payloadBytes).toBe(content(files, 'hosts/knode1/cloud/user-data.aws').length);
  });

  it.runIf(hasCloudInitPython)(
    'cloud-init reads the identity part and the exact user-data (plain and gzipped)',
    () => {
      const big = compressible(40_000);
      const files = render({ knode2: big });
      const dir = mkdtempSync(join(tmpdir(), 'bootforge-cloud-'));
      for (const [host, target, expected] of [
        ['knode1', 'aws', fixtureCloudInitFiles('knode1')[0]!.content],
        ['knode2', 'aws', big],
      ] as const) {
        const file = join(dir, `${host}.${target}`);
        writeFileSync(file, content(files, `hosts/${host}/cloud/user-data.${target}`));
        const result = run('/usr/bin/python3', [join(here, 'read-user-data.py'), file]);
        expect(result.status, result.stderr).toBe(0);
        const parts = JSON.parse(result.stdout) as { type: string; filename: string; content: string }[];
        expect(parts).toEqual([
          {
            type: 'text/cloud-config',
            filename: 'bootforge-identity.cfg',
            content: `#cloud-config\nhostname: ${host}\nfqdn: ${host}.example.com\npreserve_hostname: false\n`,
          },
          { type: 'text/cloud-config', filename: 'user-data', content: expected },
        ]);
      }
    },
  );

  it('gzips only for targets whose raw limit the payload passes (AWS 16 KiB)', () => {
    const files = render({ knode2: compressible(40_000) });
    const knode2 = report(files)['knode2']!;
    expect(knode2.targets.aws!.status).toBe('fits-gzipped');
    expect(knode2.targets.azure!.status).toBe('fits');
    expect(knode2.targets.gcp!.status).toBe('fits');
    const aws = content(files, 'hosts/knode2/cloud/user-data.aws');
    expect([...aws.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(gunzipSync(aws).equals(content(files, 'hosts/knode2/cloud/user-data.azure'))).toBe(true);
    // OpenStack limits the base64 text: 40 KB of payload is 53 KB of base64, under 65535.
    expect(knode2.targets.openstack!.status).toBe('fits');
  });

  it('reports a clear error and writes nothing when even gzip does not fit', () => {
    const input = { knode2: incompressible(30_000) };
    const files = render(input);
    const aws = report(files)['knode2']!.targets.aws!;
    expect(aws.status).toBe('too-large');
    // gzip -6 did not fit aws, so the report is about gzip -9: the smallest there is.
    const payload = content(files, 'hosts/knode2/cloud/user-data.gcp');
    expect(aws.bytes).toBe(deterministicGzip(payload, 9).length);
    expect(aws.file).toBeNull();
    expect(aws.error).toMatch(
      /^knode2: user-data for aws is \d+ bytes even gzipped \(\d+ as sent\); the limit is 16384 bytes and 21847 base64 characters$/,
    );
    expect(files.some((f) => f.path === 'hosts/knode2/cloud/user-data.aws')).toBe(false);
    expect(files.some((f) => f.path === 'hosts/knode2/cloud/user-data.azure')).toBe(true);
    const diagnostics = diagnose(input);
    expect(diagnose()).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'USER_DATA_TOO_LARGE',
        severity: 'warning',
        path: 'cluster.delivery[4]',
      }),
    ]);
  });

  it('applies both AWS limits: 16384 bytes and 21847 base64 characters', () => {
    const aws = CLOUD_TARGETS.find((t) => t.id === 'aws')!;
    expect(fits(aws, 16383, false)).toBe(true);
    expect(fits(aws, 16384, false)).toBe(false); // 21848 base64 characters
    const openstack = CLOUD_TARGETS.find((t) => t.id === 'openstack')!;
    expect(fits(openstack, 49149, false)).toBe(true);
    expect(fits(openstack, 49152, false)).toBe(false);
  });

  it('makes a deterministic boundary that depends on the parts', () => {
    const a = renderMultipart([{ filename: 'a', content: '#cloud-config\n{}\n' }]);
    expect(renderMultipart([{ filename: 'a', content: '#cloud-config\n{}\n' }])).toBe(a);
    expect(renderMultipart([{ filename: 'a', content: '#cloud-config\n[]\n' }])).not.toBe(a);
    expect(a).toMatch(
      /^Content-Type: multipart\/mixed; boundary="===============bootforge-[0-9a-f]{24}=="\nMIME-Version: 1.0\n/,
    );
    expect(renderMultipart([{ filename: 's', content: '#!/bin/sh\necho hi\n' }])).toContain(
      'Content-Type: text/x-shellscript; charset="us-ascii"',
    );
  });

  it('is deterministic', () => {
    const snapshot = (files: readonly OutputFile[]): string[][] =>
      files.map((f) => [f.path, String(f.mode), Buffer.from(f.content).toString('base64')]);
    expect(snapshot(render({ knode2: compressible(40_000) }))).toEqual(
      snapshot(render({ knode2: compressible(40_000) })),
    );
  });
});
