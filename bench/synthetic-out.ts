/**
 * A synthetic OUT for the boot-storm benchmark: N hosts with files of realistic sizes, a
 * manifest.json in the contract's shape, and pxe/nginx.conf from the nginx generator's renderer.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderNginxConf } from '../generators/nginx/nginx-conf.js';

export interface StormHost {
  name: string;
  ip: string;
  mac: string;
}

interface File {
  path: string;
  content: string;
  mode: number;
  host?: string;
}

/** `count` hosts with addresses in `network`.x.y (127.1 puts them on loopback, one per machine). */
export function stormHosts(count: number, network = '10.1'): StormHost[] {
  const hex = (n: number): string => n.toString(16).padStart(2, '0');
  return Array.from({ length: count }, (_, i) => ({
    name: `node${String(i + 1).padStart(4, '0')}`,
    ip: `${network}.${Math.floor(i / 250)}.${(i % 250) + 1}`,
    mac: `52:54:00:${hex((i >> 16) & 0xff)}:${hex((i >> 8) & 0xff)}:${hex(i & 0xff)}`,
  }));
}

function filler(label: string, bytes: number): string {
  const line = `# ${label} ${'x'.repeat(60)}\n`;
  return line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes);
}

function hostFiles(host: StormHost): File[] {
  const hyphen = host.mac.replaceAll(':', '-');
  const base = `http://10.0.0.2:8080/hosts/${host.name}`;
  return [
    {
      path: `pxe/ipxe/${hyphen}.ipxe`,
      mode: 0o644,
      host: host.name,
      content: `#!ipxe\n# bootforge: ${host.name}\nkernel --name vmlinuz http://10.0.0.2:8080/assets/el9/vmlinuz initrd=initrd inst.ks=${base}/ks.cfg ip=${host.ip}::10.0.0.1:255.255.0.0:${host.name}::none\ninitrd --name initrd http://10.0.0.2:8080/assets/el9/initrd.img\nboot\n${filler('retry', 500)}`,
    },
    {
      path: `pxe/grub/grub.cfg-01-${hyphen}`,
      mode: 0o644,
      host: host.name,
      content: filler(`grub ${host.name}`, 800),
    },
    {
      path: `pxe/pxelinux.cfg/01-${hyphen}`,
      mode: 0o644,
      host: host.name,
      content: filler(`pxelinux ${host.name}`, 500),
    },
    {
      path: `hosts/${host.name}/meta-data`,
      mode: 0o644,
      host: host.name,
      content: `instance-id: ${host.name}\nlocal-hostname: ${host.name}\n`,
    },
    {
      path: `hosts/${host.name}/network-config`,
      mode: 0o644,
      host: host.name,
      content: `version: 2\n${filler(`network ${host.ip}`, 300)}`,
    },
    {
      path: `hosts/${host.name}/user-data`,
      mode: 0o600,
      host: host.name,
      content: `#cloud-config\n${filler(`secret ${host.name}`, 6000)}`,
    },
    {
      path: `hosts/${host.name}/ks.cfg`,
      mode: 0o600,
      host: host.name,
      content: filler(`kickstart ${host.name}`, 5000),
    },
    {
      path: `hosts/${host.name}/config.ign`,
      mode: 0o600,
      host: host.name,
      content: `{"ignition":{"version":"3.3.0"},"x":"${'y'.repeat(4000)}"}\n`,
    },
  ];
}

/** Writes OUT for `hosts` into `dir`; nginx.conf listens on `nginxPort`. */
export async function writeStormOut(
  dir: string,
  hosts: readonly StormHost[],
  nginxPort: number,
): Promise<void> {
  const files: File[] = [
    {
      path: 'pxe/boot.ipxe',
      mode: 0o644,
      content: '#!ipxe\nchain http://10.0.0.2:8080/pxe/ipxe/${mac:hexhyp}.ipxe\n',
    },
  ];
  for (const host of hosts) files.push(...hostFiles(host));
  files.push({
    path: 'pxe/nginx.conf',
    mode: 0o644,
    content: renderNginxConf({ cluster: 'storm', port: nginxPort, tls: false, hosts, files }),
  });
  const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
  const dirs = new Set(files.map((f) => dirname(join(dir, f.path))));
  for (const d of dirs) await fs.mkdir(d, { recursive: true });
  await Promise.all(files.map((f) => fs.writeFile(join(dir, f.path), f.content, { mode: f.mode })));
  const manifest = {
    files: files
      .map((f) => ({
        path: f.path,
        sha256: sha(f.content),
        size: Buffer.byteLength(f.content),
        mode: f.mode,
        ...(f.host ? { host: f.host } : {}),
        secret: f.mode === 0o600,
      }))
      .sort((a, b) => a.path.localeCompare(b.path)),
    hosts: hosts.map((h) => ({ ...h, roles: ['node'] })),
  };
  await fs.writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
}

/**
 * What each booting machine fetches that any address may have (its secret files need its own IP,
 * which one load generator on 127.0.0.1 cannot be): the iPXE entry, its per-MAC script, and its
 * NoCloud meta-data, network-config and vendor-data.
 */
export function stormPaths(hosts: readonly StormHost[]): string[] {
  return hosts.flatMap((h) => [
    '/boot.ipxe',
    `/pxe/ipxe/${h.mac.replaceAll(':', '-')}.ipxe`,
    `/hosts/${h.name}/meta-data`,
    `/hosts/${h.name}/network-config`,
    `/hosts/${h.name}/vendor-data`,
  ]);
}
