/**
 * lifecycle/hosts.json for the fixture OUT (out-fixture.ts), the way generate writes it: per host
 * its roles, MAC and the sha256 of its report token; added to manifest.json like any file.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_HOSTS, sha256 } from './out-fixture.js';

/** 43 base64url characters, like the real tokens; distinct per host. */
export function tokenOf(host: string): string {
  return Buffer.from(sha256(`report-token-${host}`), 'hex').toString('base64url');
}

export function hostsJson(hosts = FIXTURE_HOSTS): string {
  const entries = [...hosts]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((h) => [h.name, { roles: h.roles, mac: h.mac, tokenSha256: sha256(tokenOf(h.name)) }]);
  return `${JSON.stringify({ version: 1, hosts: Object.fromEntries(entries) }, null, 2)}\n`;
}

/** Adds lifecycle/hosts.json to an OUT written by writeOut(). */
export async function addReportTokens(outDir: string, content = hostsJson()): Promise<void> {
  await fs.mkdir(join(outDir, 'lifecycle'), { recursive: true });
  await fs.writeFile(join(outDir, 'lifecycle', 'hosts.json'), content, { mode: 0o644 });
  const manifestPath = join(outDir, 'manifest.json');
  const manifest = JSON.parse(await fs.readFile(manifestPath, 'utf8')) as { files: { path: string }[] };
  manifest.files = manifest.files.filter((f) => f.path !== 'lifecycle/hosts.json');
  manifest.files.push({
    path: 'lifecycle/hosts.json',
    sha256: sha256(content),
    size: Buffer.byteLength(content),
    mode: 0o644,
    secret: false,
  } as { path: string });
  manifest.files.sort((a, b) => (a.path < b.path ? -1 : 1));
  await fs.writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
}
