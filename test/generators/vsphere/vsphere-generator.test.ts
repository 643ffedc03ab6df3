import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { OutputFile } from '../../../generators/generator.js';
import { deterministicGzip } from '../../../encoders/gzip.js';
import { encodeValue, GUESTINFO_VALUE_LIMIT } from '../../../generators/vsphere/guestinfo.js';
import { vsphereGenerator } from '../../../generators/vsphere/vsphere-generator.js';
import { fixtureCloudInitFiles, fixtureHosts, fixturePlan } from '../../fixtures/boot-media/cluster.js';
import { hasTool, run } from '../../fixtures/boot-media/tools.js';
import { cloudInitOverrides, contextFor } from '../support/contexts.js';

const plan = fixturePlan();
const hosts = fixtureHosts(plan);

function cloudInit(userData?: (host: string) => string): OutputFile[] {
  return hosts.flatMap((h) => fixtureCloudInitFiles(h.hostname, userData?.(h.hostname)));
}

function renderHosts(produced: readonly OutputFile[]) {
  return hosts.map((h) =>
    vsphereGenerator.host!(
      contextFor(plan, h, cloudInitOverrides(produced.filter((f) => f.host === h.hostname))),
      [],
    ),
  );
}

function render(produced = cloudInit()): OutputFile[] {
  return renderHosts(produced).flatMap((r) => r.files);
}

function diagnose(produced: readonly OutputFile[]) {
  return renderHosts(produced).flatMap((r) => r.diagnostics ?? []);
}

function text(files: readonly OutputFile[], path: string): string {
  const f = files.find((x) => x.path === path);
  if (f === undefined) throw new Error(`missing ${path}`);
  return typeof f.content === 'string' ? f.content : new TextDecoder().decode(f.content);
}

function decode(value: string, encoding: string): Buffer {
  const raw = Buffer.from(value, 'base64');
  return encoding === 'gzip+base64' ? gunzipSync(raw) : raw;
}

function extraConfigOf(files: readonly OutputFile[], host: string): Record<string, string> {
  const doc = JSON.parse(text(files, `hosts/${host}/vsphere/extra_config.tf.json`)) as {
    locals: Record<string, Record<string, string>>;
  };
  const local = doc.locals[`bootforge_${host}_guestinfo`];
  if (local === undefined) throw new Error('no local');
  return local;
}

/** A user-data big enough that gzip pays off. */
const bigUserData = (host: string): string =>
  `#cloud-config\nwrite_files:\n${Array.from({ length: 200 }, (_, i) => `  - path: /etc/bootforge/${host}-${i}.conf\n    content: value ${i}\n`).join('')}`;

describe('vsphere generator', () => {
  it('writes govc.sh and extra_config.tf.json per host, private when user-data is', () => {
    expect(render().map((f) => [f.path, f.mode, f.host])).toEqual([
      ['hosts/knode1/vsphere/govc.sh', 0o700, 'knode1'],
      ['hosts/knode1/vsphere/extra_config.tf.json', 0o600, 'knode1'],
      ['hosts/knode2/vsphere/govc.sh', 0o700, 'knode2'],
      ['hosts/knode2/vsphere/extra_config.tf.json', 0o600, 'knode2'],
    ]);
  });

  it('encoded values decode back to the exact user-data (gzip+base64 when it is shorter)', () => {
    const produced = cloudInit(bigUserData);
    const config = extraConfigOf(render(produced), 'knode1');
    expect(config['guestinfo.userdata.encoding']).toBe('gzip+base64');
    const userData = produced.find((f) => f.path === 'hosts/knode1/user-data')!.content;
    expect(decode(config['guestinfo.userdata']!, 'gzip+base64').toString('utf8')).toBe(userData);
  });

  it('small values stay plain base64 and still decode exactly', () => {
    const produced = cloudInit(() => '#cloud-config\n{}\n');
    const config = extraConfigOf(render(produced), 'knode2');
    expect(config['guestinfo.userdata.encoding']).toBe('base64');
    expect(decode(config['guestinfo.userdata']!, 'base64').toString()).toBe('#cloud-config\n{}\n');
  });

  it('meta-data carries instance-id, local-hostname and the network config inside', () => {
    const produced = cloudInit();
    const config = extraConfigOf(render(produced), 'knode1');
    const meta = JSON.parse(
      decode(config['guestinfo.metadata']!, config['guestinfo.metadata.encoding']!).toString(),
    ) as Record<string, string>;
    expect(meta['instance-id']).toBe('knode1-0123abcd');
    expect(meta['local-hostname']).toBe('knode1');
    const network = decode(meta['network']!, meta['network.encoding']!).toString();
    expect(network).toBe(produced.find((f) => f.path === 'hosts/knode1/network-config')!.content);
    expect(Object.keys(config)).toEqual([
      'guestinfo.metadata',
      'guestinfo.metadata.encoding',
      'guestinfo.userdata',
      'guestinfo.userdata.encoding',
    ]);
  });

  it('govc.sh sets every key with govc vm.change and lets the VM name be overridden', () => {
    const script = text(render(), 'hosts/knode1/vsphere/govc.sh');
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(script).toContain('VM="${1:-${VM:-knode1}}"');
    expect(script).toContain('govc vm.change -vm "$VM" \\');
    for (const key of [
      'guestinfo.metadata=',
      'guestinfo.metadata.encoding=',
      'guestinfo.userdata=',
      'guestinfo.userdata.encoding=',
    ]) {
      expect(script).toContain(`-e ${key}`);
    }
  });

  it('govc.sh passes the same values as the Terraform snippet (run with a fake govc)', () => {
    const files = render(cloudInit(bigUserData));
    const dir = mkdtempSync(join(tmpdir(), 'bootforge-govc-'));
    writeFileSync(join(dir, 'govc'), '#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n', {
      mode: 0o755,
    });
    writeFileSync(join(dir, 'govc.sh'), text(files, 'hosts/knode1/vsphere/govc.sh'), { mode: 0o755 });
    const env = `PATH=${dir}:/usr/bin:/bin`;
    const result = run('sh', ['-c', `${env} VM=other ${join(dir, 'govc.sh')}`]);
    expect(result.status, result.stderr).toBe(0);
    const args = result.stdout.trimEnd().split('\n');
    expect(args.slice(0, 3)).toEqual(['vm.change', '-vm', 'other']);
    const pairs = Object.fromEntries(
      args
        .filter((_, i) => args[i - 1] === '-e')
        .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
    );
    expect(pairs).toEqual(extraConfigOf(files, 'knode1'));
    const positional = run('sh', ['-c', `${env} ${join(dir, 'govc.sh')} vm-from-arg`]);
    expect(positional.stdout.split('\n')[2]).toBe('vm-from-arg');
  });

  it.runIf(hasTool('shellcheck'))('govc.sh is shellcheck-clean', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bootforge-govc-sc-'));
    const file = join(dir, 'govc.sh');
    writeFileSync(file, text(render(), 'hosts/knode1/vsphere/govc.sh'));
    const result = run('shellcheck', ['--shell=sh', '--severity=style', file]);
    expect(result.status, result.stdout).toBe(0);
  });

  it('warns, in the script and as a diagnostic, when a value passes 64 KiB', () => {
    // Hash-chain bytes do not compress: 60 000 of them are 80 000 base64 characters.
    const chunks: Buffer[] = [];
    for (
      let block = createHash('sha256').update('seed').digest();
      chunks.length < 1875;
      block = createHash('sha256').update(block).digest()
    )
      chunks.push(block);
    const noise = Buffer.concat(chunks).toString('base64');
    const produced = cloudInit((h) =>
      h === 'knode2' ? `#cloud-config\n# ${noise}\n` : '#cloud-config\n{}\n',
    );
    const files = render(produced);
    expect(text(files, 'hosts/knode2/vsphere/govc.sh')).toMatch(
      /^# WARNING: guestinfo\.userdata is \d+ bytes, over vSphere's 65536-byte limit/m,
    );
    expect(text(files, 'hosts/knode1/vsphere/govc.sh')).not.toContain('WARNING');
    const diagnostics = diagnose(produced);
    expect(diagnose(cloudInit())).toEqual([]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'VSPHERE_GUESTINFO_TOO_LARGE',
      severity: 'warning',
      // The entry of cluster.delivery that asks for vsphere (knode2 has no delivery of its own).
      path: 'cluster.delivery[2]',
    });
    expect(GUESTINFO_VALUE_LIMIT).toBe(65536);
  });

  it('is deterministic, gzip headers included (MTIME 0, OS Unix)', () => {
    const a = render(cloudInit(bigUserData));
    expect(render(cloudInit(bigUserData))).toEqual(a);
    const gz = Buffer.from(extraConfigOf(a, 'knode1')['guestinfo.userdata']!, 'base64');
    // XFL 0: gzip -6 (-9 would say 2).
    expect([...gz.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
  });
});

describe('guestinfo compression level', () => {
  it('is gzip -6, and -9 only when -6 leaves a value over the limit', () => {
    const text = Buffer.from(
      Array.from({ length: 3000 }, (_, i) => `key-${i % 97}: value ${i % 13}\n`).join(''),
      'utf8',
    );
    expect(Buffer.from(encodeValue(text).value, 'base64')).toEqual(Buffer.from(deterministicGzip(text, 6)));
    // Incompressible bytes whose -6 gzip is over 64 KiB in base64: -9 is tried (and kept only if shorter).
    const chunks: Buffer[] = [];
    for (
      let b = createHash('sha256').update('n').digest();
      chunks.length < 1600;
      b = createHash('sha256').update(b).digest()
    )
      chunks.push(b);
    const noise = Buffer.concat(chunks);
    const value = encodeValue(noise);
    const nine = deterministicGzip(noise, 9);
    expect(value.encoding === 'base64' || Buffer.from(value.value, 'base64').equals(Buffer.from(nine))).toBe(
      true,
    );
  });
});
