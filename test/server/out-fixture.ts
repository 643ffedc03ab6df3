/**
 * A small OUT tree in the shape `bootforge generate` writes (manifest.json + hosts/ + pxe/ +
 * cluster/), for the server and nginx tests. Hosts live on 127.0.0.11.. so a test can make
 * requests from a host's own address (Linux routes all of 127/8 to lo).
 * Every file carries a version marker so a test can tell which OUT a response came from.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';

export interface FixtureHost {
  name: string;
  ip: string;
  mac: string;
  roles: string[];
}

export const FIXTURE_HOSTS: readonly FixtureHost[] = [
  { name: 'knode1', ip: '127.0.0.11', mac: '52:54:00:00:00:11', roles: ['master', 'etcd'] },
  { name: 'knode2', ip: '127.0.0.12', mac: '52:54:00:00:00:12', roles: ['node'] },
  { name: 'knode3', ip: '127.0.0.13', mac: '52:54:00:00:00:13', roles: ['node'] },
];

export const BOOT_SERVER = 'http://10.0.0.2:8080';

export interface FixtureFile {
  path: string;
  content: string;
  mode: number;
  host?: string;
}

const hyphen = (mac: string): string => mac.replaceAll(':', '-');

export function fixtureFiles(version: string): FixtureFile[] {
  const files: FixtureFile[] = [
    {
      path: 'pxe/boot.ipxe',
      mode: 0o644,
      content: `#!ipxe\n# ${version}\ndhcp\nchain pxe/ipxe/\${mac:hexhyp}.ipxe\n`,
    },
    { path: 'pxe/dnsmasq.conf', mode: 0o644, content: `# ${version}\nenable-tftp\n` },
    { path: 'cluster/admin.kubeconfig', mode: 0o600, content: `# ${version}\nclient-key-data: ADMINKEY\n` },
    { path: 'cluster/ca.crt', mode: 0o644, content: `# ${version}\n-----BEGIN CERTIFICATE-----\n` },
  ];
  FIXTURE_HOSTS.forEach((h, index) => {
    const base = `${BOOT_SERVER}/hosts/${h.name}`;
    const ignition = index === 2;
    const boot = ignition
      ? `kernel ${BOOT_SERVER}/assets/fcos/kernel ignition.firstboot ignition.platform.id=metal ignition.config.url=${base}/config.ign`
      : `kernel ${BOOT_SERVER}/assets/el9/vmlinuz inst.ks=${base}/ks.cfg inst.text ds=nocloud;s=${base}/`;
    files.push(
      {
        path: `pxe/ipxe/${hyphen(h.mac)}.ipxe`,
        host: h.name,
        mode: 0o644,
        content: `#!ipxe\n# ${version} ${h.name}\n${boot}\ninitrd ${BOOT_SERVER}/assets/el9/initrd.img\nboot\n`,
      },
      {
        path: `pxe/pxelinux.cfg/01-${hyphen(h.mac)}`,
        host: h.name,
        mode: 0o644,
        content: `# ${version}\nDEFAULT install\nLABEL install\n  APPEND inst.ks=${base}/ks.cfg\n`,
      },
      {
        path: `pxe/grub/grub.cfg-01-${hyphen(h.mac)}`,
        host: h.name,
        mode: 0o644,
        content: `# ${version}\nmenuentry install {\n  linux /vmlinuz inst.ks=${base}/ks.cfg\n}\n`,
      },
      {
        path: `hosts/${h.name}/user-data`,
        host: h.name,
        mode: 0o600,
        content: `#cloud-config\n# ${version}\nwrite_files:\n  - path: /etc/kubernetes/pki/${h.name}.key\n    content: KEY-${h.name}-${version}\n`,
      },
      {
        path: `hosts/${h.name}/meta-data`,
        host: h.name,
        mode: 0o644,
        content: `instance-id: ${h.name}-${version}\nlocal-hostname: ${h.name}\n`,
      },
      {
        path: `hosts/${h.name}/network-config`,
        host: h.name,
        mode: 0o644,
        content: `# ${version}\nversion: 2\nethernets:\n  eth0:\n    addresses: [${h.ip}/8]\n`,
      },
      {
        path: `hosts/${h.name}/ks.cfg`,
        host: h.name,
        mode: 0o600,
        content: `# ${version}\ntext\nnetwork --hostname=${h.name}\n%post\necho TOKEN-${h.name}-${version}\n%end\n`,
      },
      {
        path: `hosts/${h.name}/config.ign`,
        host: h.name,
        mode: 0o600,
        content: `${JSON.stringify({ ignition: { version: '3.3.0' }, storage: { files: [{ path: `/etc/${version}`, contents: { source: `data:,KEY-${h.name}` } }] } })}\n`,
      },
    );
  });
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

export function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The manifest.json document for `files`, in the contract's shape. */
export function fixtureManifest(files: readonly FixtureFile[]): unknown {
  return {
    files: files.map((f) => ({
      path: f.path,
      sha256: sha256(f.content),
      size: Buffer.byteLength(f.content),
      mode: f.mode,
      ...(f.host === undefined ? {} : { host: f.host }),
      secret: f.mode === 0o600,
    })),
    hosts: FIXTURE_HOSTS.map((h) => ({ name: h.name, ip: h.ip, mac: h.mac, roles: h.roles })),
  };
}

/** Writes an OUT tree for `version` into `dir` (created). */
export async function writeOut(dir: string, version: string): Promise<FixtureFile[]> {
  const files = fixtureFiles(version);
  for (const f of files) {
    const full = join(dir, f.path);
    await fs.mkdir(dirname(full), { recursive: true });
    await fs.writeFile(full, f.content, { mode: f.mode });
    await fs.chmod(full, f.mode);
  }
  await fs.writeFile(join(dir, 'manifest.json'), `${JSON.stringify(fixtureManifest(files), null, 2)}\n`);
  return files;
}

/** Replaces `outDir` the way the writer does: build beside it, then rename into place. */
export async function swapOut(outDir: string, version: string): Promise<FixtureFile[]> {
  const next = `${outDir}.next-${version}`;
  const old = `${outDir}.old-${version}`;
  await fs.rm(next, { recursive: true, force: true });
  const files = await writeOut(next, version);
  await fs.rename(outDir, old);
  await fs.rename(next, outDir);
  await fs.rm(old, { recursive: true, force: true });
  return files;
}
