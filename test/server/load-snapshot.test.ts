import { chmod, mkdtemp, readFile, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../server/load-snapshot.js';
import { writeOut } from './out-fixture.js';

let dir: string;
let out: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bootforge-load-'));
  out = join(dir, 'out');
  await writeOut(out, 'v1');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function editManifest(edit: (manifest: { files: Record<string, unknown>[] }) => void): Promise<void> {
  const path = join(out, 'manifest.json');
  const manifest = JSON.parse(await readFile(path, 'utf8')) as { files: Record<string, unknown>[] };
  edit(manifest);
  await writeFile(path, JSON.stringify(manifest));
}

describe('loadSnapshot', () => {
  it('loads every servable file and indexes hosts by name, MAC and address', async () => {
    const snapshot = await loadSnapshot(out, 1);
    expect([...snapshot.hosts.keys()]).toEqual(['knode1', 'knode2', 'knode3']);
    expect(snapshot.byMac.get('52:54:00:00:00:12')?.name).toBe('knode2');
    expect(snapshot.byAddress.get('127.0.0.13')?.name).toBe('knode3');
    expect(snapshot.files.get('pxe/ipxe/52-54-00-00-00-11.ipxe')?.host).toBe('knode1');
    expect(snapshot.files.get('hosts/knode1/user-data')?.secret).toBe(true);
    expect(snapshot.files.get('hosts/knode1/meta-data')?.secret).toBe(false);
  });

  it('never loads cluster/ or the manifest', async () => {
    const snapshot = await loadSnapshot(out, 1);
    expect(
      [...snapshot.files.keys()].filter((p) => p.startsWith('cluster/') || p === 'manifest.json'),
    ).toEqual([]);
  });

  it('adds an empty cloud-config vendor-data for hosts that have none', async () => {
    const vendorData = (await loadSnapshot(out, 1)).files.get('hosts/knode2/vendor-data');
    expect(vendorData?.bytes.toString()).toBe('#cloud-config\n');
    expect(vendorData?.synthetic).toBe(true);
  });

  it('treats a 0600 file as secret even when the manifest forgets to say so', async () => {
    await editManifest((m) => {
      for (const f of m.files) f['secret'] = false;
    });
    expect((await loadSnapshot(out, 1)).files.get('hosts/knode1/ks.cfg')?.secret).toBe(true);
    // ... and a file whose mode on disk is owner-only, whatever the manifest's mode says.
    await editManifest((m) => {
      for (const f of m.files) f['mode'] = 0o644;
    });
    expect((await loadSnapshot(out, 1)).files.get('hosts/knode1/ks.cfg')?.secret).toBe(true);
    await chmod(join(out, 'hosts/knode1/meta-data'), 0o600);
    expect((await loadSnapshot(out, 1)).files.get('hosts/knode1/meta-data')?.secret).toBe(true);
  });

  it("takes a file's owner from the manifest, never from its path", async () => {
    await editManifest((m) => {
      for (const f of m.files) delete f['host'];
    });
    // No owner: a secret file that belongs to no host is served to nobody (serving/secret-owner.ts).
    expect((await loadSnapshot(out, 1)).files.get('hosts/knode2/user-data')?.host).toBeUndefined();
  });

  it("refuses a manifest that files one host's file under another host's directory", async () => {
    await editManifest((m) => {
      for (const f of m.files) if (f['path'] === 'hosts/knode2/user-data') f['host'] = 'knode1';
    });
    await expect(loadSnapshot(out, 1)).rejects.toThrow(/lies under hosts\/knode2\/ but names host 'knode1'/);
  });

  it('refuses a symlink inside OUT', async () => {
    await unlink(join(out, 'hosts/knode1/meta-data'));
    await symlink('/etc/hostname', join(out, 'hosts/knode1/meta-data'));
    await expect(loadSnapshot(out, 1)).rejects.toThrow('hosts/knode1/meta-data goes through a symlink');
  });

  it('refuses a missing file with its path', async () => {
    await unlink(join(out, 'pxe/boot.ipxe'));
    await expect(loadSnapshot(out, 1)).rejects.toThrow('cannot read pxe/boot.ipxe');
  });

  it('refuses an OUT without a manifest', async () => {
    await unlink(join(out, 'manifest.json'));
    await expect(loadSnapshot(out, 1)).rejects.toThrow('cannot read');
  });
});
