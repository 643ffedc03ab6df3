/**
 * The autoinstall seed (generators/autoinstall/): hosts/<name>/autoinstall/{user-data,meta-data,
 * vendor-data} for test/fixtures/ubuntu-pxe.yaml. The user-data passes the real `cloud-init schema`
 * as a whole; its `autoinstall:` section matches a typed model of Subiquity's
 * autoinstall-schema.json (the schema itself is GPL-3.0 and not vendored: the generated sections
 * were checked against it with a JSON Schema validator when this test was written, and this model
 * holds the constraints of every key bootforge writes); its `user-data:` is exactly the host's
 * first-boot cloud-config (the seed ISO's) and passes `cloud-init schema` and cloud-init's upstream
 * v1 schema on its own.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { parseInventory } from '../../../inventory/load.js';
import type { OutputFile } from '../../../emit/output-file.js';
import { planCluster } from '../../../plan/plan-cluster.js';
import { placeholderPki } from '../../../profiles/preflight.js';
import { synth } from '../../../synth/synth.js';
import { schemaValidator } from '../support/json-schema.js';
import { hasShared, hasTool, REPO_ROOT, run } from '../support/tools.js';

const FIXTURE = readFileSync(path.join(REPO_ROOT, 'test/fixtures/ubuntu-pxe.yaml'), 'utf8');
const work = mkdtempSync(path.join(tmpdir(), 'bootforge-autoinstall-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function render(text = FIXTURE): Promise<OutputFile[]> {
  const loaded = parseInventory(text, 'ubuntu-pxe.yaml');
  if (loaded.inventory === undefined) throw new Error(JSON.stringify(loaded.diagnostics, null, 2));
  const plan = planCluster(loaded.inventory);
  const provenance = { inventory: 'ubuntu-pxe.yaml', version: '0.0.0' };
  return (await synth(plan, placeholderPki(plan), { provenance })).files;
}

const files = await render();
const text = (p: string, from: readonly OutputFile[] = files): string => {
  const f = from.find((x) => x.path === p);
  if (f === undefined) throw new Error(`no ${p}`);
  return typeof f.content === 'string' ? f.content : Buffer.from(f.content).toString('utf8');
};

type Doc = Record<string, unknown>;
const isObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): boolean => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** Top-level keys Subiquity's autoinstall-schema.json defines (24.04 era). */
const SECTIONS = new Set([
  'version',
  'interactive-sections',
  'early-commands',
  'locale',
  'refresh-installer',
  'keyboard',
  'source',
  'network',
  'ubuntu-pro',
  'proxy',
  'apt',
  'oem',
  'storage',
  'identity',
  'active-directory',
  'ssh',
  'codecs',
  'drivers',
  'snaps',
  'debconf-selections',
  'packages',
  'kernel',
  'kernel-crash-dumps',
  'timezone',
  'updates',
  'late-commands',
  'error-commands',
  'reporting',
  'user-data',
  'shutdown',
  'zdevs',
]);

/** What Subiquity's schema requires of the sections bootforge writes; one message per problem. */
function autoinstallProblems(section: unknown): string[] {
  if (!isObject(section)) return ['autoinstall is not a mapping'];
  const problems: string[] = [];
  const expectThat = (ok: boolean, what: string): void => {
    if (!ok) problems.push(what);
  };
  for (const key of Object.keys(section)) expectThat(SECTIONS.has(key), `unknown section ${key}`);
  expectThat(section['version'] === 1, 'version must be the integer 1');
  const network = section['network'];
  expectThat(isObject(network) && network['version'] === 2, 'network: netplan version 2');
  if (isObject(network)) {
    const ethernets = network['ethernets'];
    expectThat(
      ethernets === undefined || (isObject(ethernets) && Object.values(ethernets).every(isObject)),
      'network.ethernets: mappings',
    );
    for (const e of isObject(ethernets) ? Object.values(ethernets) : []) {
      if (!isObject(e) || e['match'] === undefined) continue;
      const match = e['match'];
      expectThat(
        isObject(match) && Object.keys(match).every((k) => ['name', 'macaddress', 'driver'].includes(k)),
        'ethernet match: name, macaddress or driver only',
      );
    }
  }
  expectThat(isObject(section['storage']), 'storage: a mapping');
  for (const list of ['early-commands', 'late-commands', 'error-commands']) {
    const commands = section[list];
    expectThat(
      commands === undefined ||
        (Array.isArray(commands) && commands.every((c) => typeof c === 'string' || strings(c))),
      `${list}: a list of strings or argument lists`,
    );
  }
  const ssh = section['ssh'];
  expectThat(
    isObject(ssh) &&
      ['install-server', 'allow-pw'].every((k) => ssh[k] === undefined || typeof ssh[k] === 'boolean') &&
      (ssh['authorized-keys'] === undefined || strings(ssh['authorized-keys'])),
    'ssh: install-server and allow-pw booleans, authorized-keys strings',
  );
  const apt = section['apt'];
  if (apt !== undefined) {
    const selection = isObject(apt) ? apt['mirror-selection'] : undefined;
    expectThat(
      isObject(apt) &&
        (apt['geoip'] === undefined || typeof apt['geoip'] === 'boolean') &&
        (apt['fallback'] === undefined ||
          ['abort', 'continue-anyway', 'offline-install'].includes(String(apt['fallback']))) &&
        (selection === undefined ||
          (isObject(selection) &&
            Array.isArray(selection['primary']) &&
            selection['primary'].every(
              (m) => m === 'country-mirror' || (isObject(m) && typeof m['uri'] === 'string'),
            ))),
      'apt: geoip boolean, fallback enum, mirror-selection.primary of {uri}',
    );
  }
  expectThat(
    section['timezone'] === undefined || typeof section['timezone'] === 'string',
    'timezone: string',
  );
  expectThat(isObject(section['user-data']), 'user-data: a mapping');
  expectThat(
    section['shutdown'] === undefined || ['reboot', 'poweroff'].includes(String(section['shutdown'])),
    'shutdown: reboot or poweroff',
  );
  // Without identity the installer needs user-data to create the accounts (autoinstall-reference).
  expectThat(section['identity'] !== undefined || isObject(section['user-data']), 'identity or user-data');
  return problems;
}

describe('the typed model of the autoinstall schema', () => {
  it('catches what Subiquity refuses', () => {
    expect(
      autoinstallProblems({ version: 2, network: { version: 1 }, storage: 'x', ssh: {}, 'user-data': {} }),
    ).toEqual(['version must be the integer 1', 'network: netplan version 2', 'storage: a mapping']);
    expect(
      autoinstallProblems({ version: 1, network: { version: 2 }, storage: {}, ssh: { 'allow-pw': 'no' } }),
    ).toEqual([
      'ssh: install-server and allow-pw booleans, authorized-keys strings',
      'user-data: a mapping',
      'identity or user-data',
    ]);
    expect(
      autoinstallProblems({
        version: 1,
        bogus: 1,
        network: { version: 2 },
        storage: {},
        ssh: {},
        'user-data': {},
        'late-commands': [1],
        shutdown: 'halt',
      }),
    ).toEqual([
      'unknown section bogus',
      'late-commands: a list of strings or argument lists',
      'shutdown: reboot or poweroff',
    ]);
  });
});

describe.each(['nb1', 'nb2'])('%s autoinstall seed', (name) => {
  const userData = text(`hosts/${name}/autoinstall/user-data`);
  const doc = load(userData) as Doc;
  const section = doc['autoinstall'] as Doc;

  it('is #cloud-config with the autoinstall section only, and nothing for the live system itself', () => {
    expect(userData.startsWith('#cloud-config\n')).toBe(true);
    expect(userData).toContain(`# host ${name} (`);
    expect(Object.keys(doc)).toEqual(['autoinstall']);
  });

  it("matches the typed model of Subiquity's autoinstall schema", () => {
    expect(autoinstallProblems(section)).toEqual([]);
  });

  it.skipIf(!hasTool('cloud-init'))('passes `cloud-init schema` as a whole', () => {
    const file = path.join(work, `${name}-autoinstall-user-data`);
    writeFileSync(file, userData);
    const result = run('cloud-init', ['schema', '--config-file', file]);
    expect(result.stdout + result.stderr).toContain('Valid cloud-config');
    expect(result.status).toBe(0);
  });

  it("carries the host's first-boot cloud-config, the same document its seed ISO and NoCloud user-data carry", () => {
    expect(section['user-data']).toEqual(load(text(`hosts/${name}/user-data`)));
    const firstBoot = section['user-data'] as Doc;
    expect(Object.keys(firstBoot)).toEqual(expect.arrayContaining(['users', 'write_files', 'runcmd']));
  });

  it.skipIf(!hasTool('cloud-init'))('its user-data passes `cloud-init schema` on its own', () => {
    const file = path.join(work, `${name}-first-boot`);
    writeFileSync(file, `#cloud-config\n${JSON.stringify(section['user-data'])}\n`);
    const result = run('cloud-init', ['schema', '--config-file', file]);
    expect(result.stdout + result.stderr).toContain('Valid cloud-config');
    expect(result.status).toBe(0);
  });

  it.skipIf(!hasShared('schemas/cloud-init-schema-cloud-config-v1.json'))(
    "its user-data passes cloud-init's upstream v1 schema",
    () => {
      expect(schemaValidator('cloud-init-schema-cloud-config-v1.json')(section['user-data'])).toEqual([]);
    },
  );

  it("configures the host's static address on the NIC matched by MAC, for the installed system", () => {
    const ip = name === 'nb1' ? '10.0.0.21' : '10.0.0.22';
    expect(section['network']).toEqual({
      version: 2,
      ethernets: {
        eth0: {
          match: { macaddress: `52:54:00:ab:00:${ip.slice(-2)}` },
          'set-name': 'eth0',
          addresses: [`${ip}/24`],
          routes: [{ to: 'default', via: '10.0.0.1' }],
          nameservers: { addresses: ['10.0.0.1'], search: ['lab.example.com'] },
          mtu: 1500,
        },
      },
    });
  });

  it("installs to the inventory's disk (a host's own, else the cluster's) with the direct layout", () => {
    const disk = name === 'nb1' ? '/dev/vda' : '/dev/nvme0n1';
    expect(section['storage']).toEqual({ layout: { name: 'direct', match: { path: disk } } });
    expect(section['ssh']).toEqual({ 'install-server': true, 'allow-pw': false });
    expect(section['timezone']).toBe('UTC');
    expect(section['shutdown']).toBe('reboot');
  });

  it('installs from the same apt archive as the first boot, without GeoIP, offline if unreachable', () => {
    expect(section['apt']).toEqual({
      geoip: false,
      'mirror-selection': { primary: [{ uri: 'http://archive.ubuntu.com/ubuntu' }] },
      fallback: 'offline-install',
    });
  });

  it('is secret (0600, owned by its host) like the user-data it carries; meta-data and vendor-data are not', () => {
    const f = (p: string) => files.find((x) => x.path === `hosts/${name}/autoinstall/${p}`);
    expect(f('user-data')?.mode).toBe(0o600);
    expect(f('user-data')?.host).toBe(name);
    expect(f('meta-data')?.mode).toBe(0o644);
    expect(f('vendor-data')?.mode).toBe(0o644);
    const meta = load(text(`hosts/${name}/autoinstall/meta-data`)) as Doc;
    expect(meta['local-hostname']).toBe(name);
    expect(String(meta['instance-id'])).toMatch(new RegExp(`^${name}-autoinstall-[0-9a-f]{16}$`));
    expect(meta['instance-id']).not.toBe((load(text(`hosts/${name}/meta-data`)) as Doc)['instance-id']);
    expect(text(`hosts/${name}/autoinstall/vendor-data`).startsWith('#cloud-config\n')).toBe(true);
  });
});

describe('the autoinstall seed follows the inventory', () => {
  it('takes the artifacts mirror for the apt archive, and a new instance-id when the user-data changes', async () => {
    const mirrored = await render(
      FIXTURE.replace(
        '  bootServer:',
        '  artifacts:\n    mirror: http://10.0.0.5:8080/assets\n  bootServer:',
      ),
    );
    const section = (load(text('hosts/nb2/autoinstall/user-data', mirrored)) as Doc)['autoinstall'] as Doc;
    expect(section['apt']).toMatchObject({
      'mirror-selection': { primary: [{ uri: 'http://10.0.0.5:8080/assets/archive.ubuntu.com/ubuntu' }] },
    });
    expect(text('hosts/nb2/autoinstall/meta-data', mirrored)).not.toBe(
      text('hosts/nb2/autoinstall/meta-data'),
    );
  });

  it('is byte-identical across runs', async () => {
    const again = await render();
    for (const p of ['user-data', 'meta-data', 'vendor-data'])
      expect(text(`hosts/nb1/autoinstall/${p}`, again)).toBe(text(`hosts/nb1/autoinstall/${p}`));
  });

  it('is rendered for no other family: the examples have no autoinstall files', async () => {
    for (const example of ['classic.yaml', 'ha.yaml']) {
      const loaded = parseInventory(readFileSync(path.join(REPO_ROOT, 'examples', example), 'utf8'), example);
      const plan = planCluster(loaded.inventory!);
      const out = (await synth(plan, placeholderPki(plan))).files;
      expect(out.filter((f) => f.path.includes('/autoinstall/') || f.path.includes('-autoinstall'))).toEqual(
        [],
      );
    }
  });
});
