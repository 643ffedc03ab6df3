/**
 * network-config (v1): rendered by the real cloud-init network renderers (sysconfig for CentOS 7
 * and EL9, NetworkManager for EL9) into the static address, gateway, DNS and MAC we asked for.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { renderNetworkConfig } from '../../../generators/cloud-init/network-config.js';
import { HOST_FIXTURES } from '../../fixtures/hostconfig/index.js';
import { hasTool, run } from '../support/tools.js';

const work = mkdtempSync(path.join(tmpdir(), 'bootforge-netcfg-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function netConvert(
  name: string,
  text: string,
  output: 'sysconfig' | 'network-manager',
): Record<string, string> {
  const input = path.join(work, `${name}.yaml`);
  const outDir = path.join(work, `${name}-${output}`);
  writeFileSync(input, text);
  const result = run('cloud-init', [
    'devel',
    'net-convert',
    '-p',
    input,
    '-k',
    'yaml',
    '-d',
    outDir,
    '-D',
    'centos',
    '-O',
    output,
  ]);
  expect(result.status, result.stderr).toBe(0);
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(outDir, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(outDir);
  return files;
}

describe.each(Object.entries(HOST_FIXTURES))('%s network-config', (name, host) => {
  const net = host.network;
  const text = renderNetworkConfig(net);

  it('is version 1 as an integer, with no top-level network key, matched by MAC', () => {
    const doc = load(text) as Record<string, unknown>;
    expect(doc['version']).toBe(1);
    expect(doc).not.toHaveProperty('network');
    expect(text).toContain(`mac_address: '${net.mac}'`);
  });

  it.skipIf(!hasTool('cloud-init'))('renders to the ifcfg file CentOS/EL sysconfig expects', () => {
    const files = netConvert(name, text, 'sysconfig');
    const ifcfg = files[`etc/sysconfig/network-scripts/ifcfg-${net.interface}`] ?? '';
    expect(ifcfg).toContain('BOOTPROTO=none');
    expect(ifcfg).toContain(`IPADDR=${net.address}`);
    expect(ifcfg).toContain(`NETMASK=${net.netmask}`);
    expect(ifcfg).toContain(`GATEWAY=${net.gateway}`);
    expect(ifcfg.toLowerCase()).toContain(`hwaddr=${net.mac}`);
    net.nameservers.forEach((ns, i) => expect(ifcfg).toContain(`DNS${i + 1}=${ns}`));
    if (net.searchDomains.length > 0)
      expect(ifcfg).toMatch(new RegExp(`DOMAIN="?${net.searchDomains.join(' ')}"?\\n`));
    if (net.mtu !== undefined) expect(ifcfg).toContain(`MTU=${net.mtu}`);
    expect(files['etc/udev/rules.d/70-persistent-net.rules']).toContain(`NAME="${net.interface}"`);
  });

  it.skipIf(!hasTool('cloud-init'))('renders to a NetworkManager connection (EL9 renderer)', () => {
    const files = netConvert(name, text, 'network-manager');
    const conn = Object.entries(files).find(([p]) => p.endsWith('.nmconnection'))?.[1] ?? '';
    expect(conn).toContain('method=manual');
    expect(conn).toMatch(new RegExp(`address1=${net.address.replaceAll('.', '\\.')}/${net.prefixLength}`));
    expect(conn).toContain(net.gateway);
    expect(conn.toLowerCase()).toContain(net.mac);
  });
});
