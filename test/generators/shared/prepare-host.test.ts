import { describe, expect, it } from 'vitest';
import { HostConfigError } from '../../../host/check-host.js';
import { FETCH_PACKAGES, MODULES_LOAD_PATH, prepareHost } from '../../../generators/shared/prepare-host.js';
import {
  FETCH_LIST_PATH,
  fetchScriptPath,
  FETCH_UNIT_NAME,
} from '../../../generators/shared/remote-fetch.js';
import type { HostConfig } from '../../../host/host-config.js';
import { fixture } from '../../fixtures/hostconfig/index.js';
import { osFamily } from '../../../os/registry.js';

/** Where the EL families keep the fetch script. */
const FETCH_SCRIPT_PATH = fetchScriptPath(osFamily('el9'));

function variant(change: (host: HostConfig) => void): HostConfig {
  const host = structuredClone(fixture('master-el9'));
  change(host);
  return host;
}

describe('prepareHost', () => {
  it('adds the fetch script, list and unit, and the tools the script runs, when there are remote files', () => {
    const host = prepareHost(fixture('master-el9'));
    expect(host.files.map((f) => f.path)).toEqual(
      expect.arrayContaining([FETCH_SCRIPT_PATH, FETCH_LIST_PATH]),
    );
    expect(host.units.find((u) => u.name === FETCH_UNIT_NAME)?.enabled).toBe(true);
    expect(host.packages).toEqual(['conntrack-tools', 'socat', ...FETCH_PACKAGES]);
  });

  it('adds nothing for remote files when there are none', () => {
    const host = prepareHost(fixture('el9-edge'));
    expect(host.units.map((u) => u.name)).not.toContain(FETCH_UNIT_NAME);
    expect(host.packages).toEqual([]);
  });

  it('lists kernel modules in modules-load.d', () => {
    const file = prepareHost(fixture('node-el9')).files.find((f) => f.path === MODULES_LOAD_PATH);
    expect(file).toMatchObject({ mode: 0o644, content: 'br_netfilter\noverlay\n' });
  });

  it('lists only modules that no modules-load.d file of the host lists already', () => {
    const host = structuredClone(fixture('node-el9'));
    host.files.push({
      path: '/etc/modules-load.d/k8s.conf',
      mode: 0o644,
      content: '# k8s\nbr_netfilter\n',
      secret: false,
    });
    expect(prepareHost(host).files.find((f) => f.path === MODULES_LOAD_PATH)).toMatchObject({
      content: 'overlay\n',
    });
    host.files.push({
      path: '/etc/modules-load.d/overlay.conf',
      mode: 0o644,
      content: 'overlay\n',
      secret: false,
    });
    expect(prepareHost(host).files.find((f) => f.path === MODULES_LOAD_PATH)).toBeUndefined();
  });

  it('sorts files, directories and units and leaves the input untouched', () => {
    const original = structuredClone(fixture('classic-centos7'));
    const host = prepareHost(original);
    const paths = host.files.map((f) => f.path);
    expect(paths).toEqual([...paths].sort());
    expect(host.units.map((u) => u.name)).toEqual(host.units.map((u) => u.name).sort());
    expect(original).toEqual(fixture('classic-centos7'));
  });

  it.each([
    [
      'a step naming an unknown unit',
      (h: HostConfig) => h.steps.push({ unit: 'nope.service', description: 'x' }),
      /unknown unit/,
    ],
    [
      'a step whose unit is disabled',
      (h: HostConfig) => h.units.forEach((u) => (u.enabled = false)),
      /must be enabled/,
    ],
    [
      'a path declared twice',
      (h: HostConfig) => h.directories.push({ path: '/etc/kubernetes/pki/ca.crt', mode: 0o755 }),
      /declared twice/,
    ],
    [
      'a relative path',
      (h: HostConfig) => h.directories.push({ path: 'etc/x', mode: 0o755 }),
      /must be absolute/,
    ],
    [
      'a path with ..',
      (h: HostConfig) => h.directories.push({ path: '/etc/../x', mode: 0o755 }),
      /must be absolute/,
    ],
    [
      'a bad sha256',
      (h: HostConfig) => h.files.push({ path: '/x', mode: 0o644, url: 'https://x/y', sha256: 'ABC' }),
      /sha256/,
    ],
    [
      'a non-http URL',
      (h: HostConfig) => h.files.push({ path: '/x', mode: 0o644, url: 'ftp://x/y', sha256: 'a'.repeat(64) }),
      /non-http/,
    ],
    [
      'a bad unit name',
      (h: HostConfig) => h.units.push({ name: 'etcd', enabled: false, dropins: [], contents: '' }),
      /not a systemd unit name/,
    ],
    [
      'a unit with nothing to write',
      (h: HostConfig) => h.units.push({ name: 'x.service', enabled: false, dropins: [] }),
      /neither contents nor drop-ins/,
    ],
    [
      'a file on a reserved path',
      (h: HostConfig) => h.files.push({ path: FETCH_LIST_PATH, mode: 0o644, content: '', secret: false }),
      /reserved/,
    ],
    [
      'an SSH key with a line break',
      (h: HostConfig) => h.users.push({ name: 'x', system: false, groups: [], sshAuthorizedKeys: ['a\nb'] }),
      /line break/,
    ],
    ['a package with a space', (h: HostConfig) => h.packages.push('a b'), /whitespace/],
  ])('rejects %s', (_label, change, message) => {
    const host = variant(change);
    expect(() => prepareHost(host)).toThrow(HostConfigError);
    expect(() => prepareHost(host)).toThrow(message);
  });
});
