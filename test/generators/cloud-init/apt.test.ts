/**
 * apt families' archives through cloud-init's `apt` module: debian12 and ubuntu2404 user-data name
 * their primary and security archives (upstream, or on cluster.artifacts.mirror), accepted by the
 * real `cloud-init schema` and the upstream v1 schema; the EL families render no `apt`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { parseInventory } from '../../../inventory/load.js';
import { planCluster } from '../../../plan/plan-cluster.js';
import { placeholderPki } from '../../../profiles/preflight.js';
import { synth } from '../../../synth/synth.js';
import { OS_FAMILIES } from '../../../os/registry.js';
import { schemaValidator } from '../support/json-schema.js';
import { hasShared, hasTool, REPO_ROOT, run } from '../support/tools.js';

const fixture = readFileSync(path.join(REPO_ROOT, 'test/e2e/fixtures/debian-first-boot.yaml'), 'utf8');
const MIRROR = '    mirror: http://192.0.2.2:8080/assets\n';
const work = mkdtempSync(path.join(tmpdir(), 'bootforge-apt-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function userData(os: string, mirror: string | undefined): Promise<string> {
  let text = fixture.replace('os: debian12', `os: ${os}`);
  text = text.replace(MIRROR, mirror === undefined ? '' : `    mirror: ${mirror}\n`);
  const loaded = parseInventory(text, 'inventory.yaml');
  if (loaded.inventory === undefined) throw new Error(JSON.stringify(loaded.diagnostics));
  const plan = planCluster(loaded.inventory);
  const { files } = await synth(plan, placeholderPki(plan), { formats: ['cloud-init'], hosts: ['node1'] });
  const file = files.find((f) => f.path === 'hosts/node1/user-data');
  if (file === undefined) throw new Error('no user-data');
  return String(file.content);
}

const CASES = [
  {
    os: 'debian12',
    mirror: undefined,
    primary: 'http://deb.debian.org/debian',
    security: 'http://deb.debian.org/debian-security',
    sourcesList:
      'deb $PRIMARY bookworm main\ndeb $PRIMARY bookworm-updates main\ndeb $SECURITY bookworm-security main\n',
  },
  {
    os: 'debian12',
    mirror: 'https://mirror.example.internal/pkgs/',
    primary: 'https://mirror.example.internal/pkgs/deb.debian.org/debian',
    security: 'https://mirror.example.internal/pkgs/deb.debian.org/debian-security',
    sourcesList:
      'deb $PRIMARY bookworm main\ndeb $PRIMARY bookworm-updates main\ndeb $SECURITY bookworm-security main\n',
  },
  {
    os: 'ubuntu2404',
    mirror: undefined,
    primary: 'http://archive.ubuntu.com/ubuntu',
    security: 'http://security.ubuntu.com/ubuntu',
    sourcesList: [
      'Types: deb',
      'URIs: $PRIMARY',
      'Suites: noble noble-updates noble-backports',
      'Components: main restricted universe multiverse',
      'Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg',
      '',
      'Types: deb',
      'URIs: $SECURITY',
      'Suites: noble-security',
      'Components: main restricted universe multiverse',
      'Signed-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg',
      '',
    ].join('\n'),
  },
  {
    os: 'ubuntu2404',
    mirror: 'http://10.0.0.5:8080/assets',
    primary: 'http://10.0.0.5:8080/assets/archive.ubuntu.com/ubuntu',
    security: 'http://10.0.0.5:8080/assets/security.ubuntu.com/ubuntu',
    sourcesList: undefined,
  },
] as const;

describe.each(CASES)('$os user-data, mirror $mirror', (c) => {
  it('names the primary and security archives and the sources list over them', async () => {
    const text = await userData(c.os, c.mirror);
    const doc = load(text) as Record<string, unknown>;
    const apt = doc['apt'] as Record<string, unknown>;
    expect(apt).toMatchObject({
      preserve_sources_list: false,
      primary: [{ arches: ['default'], uri: c.primary }],
      security: [{ arches: ['default'], uri: c.security }],
    });
    if (c.sourcesList !== undefined) expect(apt['sources_list']).toBe(c.sourcesList);
    // apt's archive is set up before the packages module installs from it; no yum repository.
    expect(Object.keys(doc).indexOf('apt')).toBeLessThan(Object.keys(doc).indexOf('packages'));
    expect(doc).not.toHaveProperty('yum_repos');
  });

  it.skipIf(!hasTool('cloud-init'))('passes `cloud-init schema`', async () => {
    const file = path.join(work, `${c.os}-${c.mirror === undefined ? 'upstream' : 'mirror'}.user-data`);
    writeFileSync(file, await userData(c.os, c.mirror));
    const result = run('cloud-init', ['schema', '--config-file', file]);
    expect(result.stdout + result.stderr).toContain('Valid cloud-config');
    expect(result.status).toBe(0);
  });

  it.skipIf(!hasShared('schemas/cloud-init-schema-cloud-config-v1.json'))(
    'passes the upstream cloud-config v1 JSON schema',
    async () => {
      const validate = schemaValidator('cloud-init-schema-cloud-config-v1.json');
      const doc = load(await userData(c.os, c.mirror)) as Record<string, unknown>;
      expect(validate(doc)).toEqual([]);
      expect(validate({ ...doc, apt: { ...(doc['apt'] as object), primary_mirror: 'x' } })).not.toEqual([]);
    },
  );
});

describe('image sources', () => {
  it("debian12 sets the image's deb822 debian.sources aside at bootcmd; ubuntu2404's cloud-init replaces its own", async () => {
    const deb = load(await userData('debian12', undefined)) as { bootcmd: string[] };
    expect(deb.bootcmd.at(-1)).toBe(
      'if [ -e /etc/apt/sources.list.d/debian.sources ]; then mv -f /etc/apt/sources.list.d/debian.sources /etc/apt/sources.list.d/debian.sources.disabled; fi',
    );
    const ubuntu = load(await userData('ubuntu2404', undefined)) as { bootcmd: string[] };
    expect(ubuntu.bootcmd.some((c) => c.includes('sources'))).toBe(false);
  });

  it('every apt family has an archive, and only apt families', () => {
    for (const family of Object.values(OS_FAMILIES))
      expect(family.apt !== undefined, family.id).toBe(family.packageManager === 'apt');
  });

  it.skipIf(!hasTool('shellcheck'))('the set-aside command passes shellcheck', async () => {
    const deb = load(await userData('debian12', undefined)) as { bootcmd: string[] };
    const result = run('shellcheck', ['-s', 'sh', '-'], { input: `${deb.bootcmd.at(-1)}\n` });
    expect(result.stdout + result.stderr).toBe('');
  });
});

describe('EL families', () => {
  it.each(['el9', 'centos7'])('%s renders no apt module', async (os) => {
    const doc = load(await userData(os, undefined)) as Record<string, unknown>;
    expect(doc).not.toHaveProperty('apt');
    expect(doc['packages']).toContain('conntrack-tools');
  });
});
