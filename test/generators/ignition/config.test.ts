/** Ignition config.ign: accepted by ignition-validate without a single warning, and shaped as spec 3.3.0. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ignitionConfig,
  IGNITION_SPEC_VERSION,
  renderIgnition,
} from '../../../generators/ignition/config.js';
import { nmKeyfilePath } from '../../../generators/ignition/nm-keyfile.js';
import { prepareHost } from '../../../generators/shared/prepare-host.js';
import { sha256Of } from '../../fixtures/hostconfig/common.js';
import { HOST_FIXTURES, fixture } from '../../fixtures/hostconfig/index.js';
import { schemaValidator, unknownKeys } from '../support/json-schema.js';
import { renderAll } from '../support/render-all.js';
import { shellScripts } from '../support/scripts.js';
import { hasShared, hasTool, run, shellcheck } from '../support/tools.js';

const work = mkdtempSync(path.join(tmpdir(), 'bootforge-ignition-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const SCHEMA = 'ignition-v3_3.json';

describe.each(Object.entries(HOST_FIXTURES))('%s config.ign', (name, host) => {
  const r = renderAll(host);
  const text = r.text('config.ign');

  it.skipIf(!hasTool('ignition-validate'))(
    'passes ignition-validate with no output at all (warnings fail)',
    () => {
      const file = path.join(work, `${name}.ign`);
      writeFileSync(file, text);
      const result = run('ignition-validate', [file]);
      expect(result.stdout + result.stderr).toBe('');
      expect(result.status).toBe(0);
    },
  );

  it.skipIf(!hasShared(`schemas/${SCHEMA}`))(
    'matches the upstream 3.3.0 schema and uses no undeclared key',
    () => {
      expect(schemaValidator(SCHEMA)(r.ignition.config)).toEqual([]);
      expect(unknownKeys(SCHEMA, r.ignition.config)).toEqual([]);
      const misspelt = { ...r.ignition.config, systemd: { unitz: [] } };
      expect(unknownKeys(SCHEMA, misspelt)).toEqual(['$.systemd.unitz']);
    },
  );

  it.skipIf(!hasTool('shellcheck'))('every shell script it writes passes shellcheck', () => {
    for (const [where, script] of Object.entries(shellScripts(r.ignition.layout))) {
      expect(shellcheck(script.text, script.shell).output, where).toBe('');
    }
  });

  it('declares spec 3.3.0, overwrites every file, and sets the host name', () => {
    expect(r.ignition.config.ignition.version).toBe(IGNITION_SPEC_VERSION);
    expect((r.ignition.config.storage.files ?? []).every((f) => f.overwrite === true)).toBe(true);
    expect(r.ignition.layout.files['/etc/hostname']).toEqual({
      mode: 0o644,
      owner: 'root:root',
      content: `${host.hostname}\n`,
    });
  });

  it('configures the static address with a 0600 NetworkManager keyfile matched by MAC', () => {
    const net = host.network;
    const keyfile = r.ignition.layout.files[nmKeyfilePath(net)];
    expect(keyfile?.mode).toBe(0o600);
    const text = keyfile?.content ?? '';
    expect(text).toContain(`[ethernet]\nmac-address=${net.mac!.toUpperCase()}\n`);
    expect(text).not.toContain('interface-name=');
    expect(text).toContain(`method=manual\naddress1=${net.address}/${net.prefixLength},${net.gateway}\n`);
    if (net.nameservers.length > 0) expect(text).toContain(`dns=${net.nameservers.join(';')};\n`);
    else expect(text).not.toContain('dns=');
  });

  it('never sets enabled=false (that would disable a packaged unit)', () => {
    const units = r.ignition.config.systemd?.units ?? [];
    expect(units.every((u) => u.enabled === undefined || u.enabled)).toBe(true);
  });

  it('is 0600 exactly when it embeds a secret', () => {
    const secret = host.files.some((f) => 'content' in f && f.secret);
    expect(r.files['config.ign']?.mode).toBe(secret ? 0o600 : 0o644);
  });
});

describe('Ignition details', () => {
  it('writes remote files natively with a sha256 verification hash', () => {
    const config = ignitionConfig(prepareHost(fixture('master-el9')));
    const files = (config['storage'] as { files: Record<string, unknown>[] }).files;
    expect(files.find((f) => f['path'] === '/usr/local/bin/kubectl')).toEqual({
      path: '/usr/local/bin/kubectl',
      mode: 0o755,
      overwrite: true,
      contents: {
        source: 'https://dl.k8s.io/release/v1.31.4/bin/linux/amd64/kubectl',
        verification: { hash: `sha256-${sha256Of('kubectl')}` },
      },
    });
  });

  it('names non-root owners by name and creates system users without a home', () => {
    const r = renderAll(fixture('etcd-el9'));
    const key = r.ignition.config.storage.files?.find((f) => f.path === '/etc/etcd/pki/server.key');
    expect(key?.user).toEqual({ name: 'etcd' });
    expect(key?.group).toEqual({ name: 'etcd' });
    expect(r.ignition.config.passwd?.users.find((u) => u.name === 'etcd')).toEqual({
      name: 'etcd',
      system: true,
      noCreateHome: true,
      homeDir: '/var/lib/etcd',
      shell: '/sbin/nologin',
    });
  });

  it('sets kernel arguments through kernelArguments.shouldExist and leaves packages to the other formats', () => {
    const r = renderAll(fixture('classic-centos7'));
    expect(r.ignition.config.kernelArguments).toEqual({
      shouldExist: ['ipv6.disable=1', 'systemd.unified_cgroup_hierarchy=0'],
    });
    expect(Object.keys(r.ignition.config)).toEqual([
      'ignition',
      'kernelArguments',
      'passwd',
      'storage',
      'systemd',
    ]);
    expect(Object.keys(r.ignition.layout.files).some((p) => p.startsWith('/etc/yum.repos.d/'))).toBe(false);
  });

  it('refuses setuid, setgid and sticky bits, which spec 3.3.0 cannot express', () => {
    const host = structuredClone(fixture('el9-edge'));
    host.directories = [{ path: '/srv/shared', mode: 0o2775 }];
    expect(() => renderIgnition(prepareHost(host))).toThrow(/setuid\/setgid\/sticky/);
  });

  it('renders the same bytes for an equal copy of the HostConfig', () => {
    const host = fixture('classic-centos7');
    expect(renderIgnition(prepareHost(host))).toBe(renderIgnition(prepareHost(structuredClone(host))));
  });
});
