/** cloud-init user-data: accepted by the real cloud-init and the upstream schema, parsed the same by PyYAML. */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  CENTOS7_DISABLE_STOCK_REPOS,
  CENTOS7_GPG_KEY,
  renderUserData,
  writeFileEntry,
} from '../../../generators/cloud-init/user-data.js';
import { centos7Repos, DEFAULT_INSTALL_TREES } from '../../../plan/boot.js';
import { prepareHost } from '../../../generators/shared/prepare-host.js';
import { HOST_FIXTURES, fixture } from '../../fixtures/hostconfig/index.js';
import { schemaValidator } from '../support/json-schema.js';
import { renderAll } from '../support/render-all.js';
import { shellScripts } from '../support/scripts.js';
import { hasShared, hasTool, run, shellcheck } from '../support/tools.js';

const work = mkdtempSync(path.join(tmpdir(), 'bootforge-cloud-init-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.each(Object.entries(HOST_FIXTURES))('%s user-data', (name, host) => {
  const r = renderAll(host);
  const userData = r.text('user-data');

  it.skipIf(!hasTool('cloud-init'))('passes `cloud-init schema`', () => {
    const file = path.join(work, `${name}.user-data`);
    writeFileSync(file, userData);
    const result = run('cloud-init', ['schema', '--config-file', file]);
    expect(result.stdout + result.stderr).toContain('Valid cloud-config');
    expect(result.status).toBe(0);
  });

  it.skipIf(!hasShared('schemas/cloud-init-schema-cloud-config-v1.json'))(
    'passes the upstream cloud-config v1 JSON schema (unknown top-level keys fail)',
    () => {
      const validate = schemaValidator('cloud-init-schema-cloud-config-v1.json');
      expect(validate(r.cloudInit.document)).toEqual([]);
      expect(validate({ ...r.cloudInit.document, writefiles: [] })).not.toEqual([]);
    },
  );

  it.skipIf(!hasTool('python3'))('reads the same in PyYAML (what cloud-init uses) as in js-yaml', () => {
    const result = run(
      'python3',
      ['-c', 'import sys, json, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'],
      {
        input: userData,
      },
    );
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual(r.cloudInit.document);
  });

  it.skipIf(!hasTool('shellcheck'))('runcmd and every shell script it writes pass shellcheck', () => {
    const scripts = {
      runcmd: { text: r.cloudInit.runcmdScript, shell: 'sh' as const },
      ...shellScripts(r.cloudInit.layout),
    };
    for (const [where, script] of Object.entries(scripts)) {
      const result = shellcheck(script.text, script.shell);
      expect(result.output, where).toBe('');
    }
  });

  it('starts with #cloud-config and writes no owner before users exist', () => {
    expect(userData.startsWith('#cloud-config\n')).toBe(true);
    const files = r.cloudInit.document['write_files'] as Record<string, unknown>[];
    expect(files.every((f) => !('owner' in f))).toBe(true);
  });

  it('fixes owners, reloads systemd, then enables and starts units, in that order', () => {
    const lines = (r.cloudInit.document['runcmd'] as string[]).map((l) => l.split(' ').slice(0, 2).join(' '));
    const reload = lines.indexOf('systemctl daemon-reload');
    expect(reload).toBeGreaterThan(-1);
    expect(lines.slice(0, reload).every((l) => !l.startsWith('systemctl'))).toBe(true);
    if (r.cloudInit.startOrder.length > 0) {
      expect(lines.slice(reload + 1)).toEqual(['systemctl enable', 'systemctl start']);
    }
  });

  it('is 0600 exactly when it embeds a secret', () => {
    const secret = host.files.some((f) => 'content' in f && f.secret);
    expect(r.files['user-data']?.mode).toBe(secret ? 0o600 : 0o644);
  });
});

describe('user-data details', () => {
  it('base64-encodes text that is not plain printable ASCII, and keeps the rest readable', () => {
    expect(writeFileEntry({ path: '/a', mode: 0o644, content: 'Grüße\n', secret: false })).toEqual({
      path: '/a',
      permissions: '0644',
      encoding: 'b64',
      content: Buffer.from('Grüße\n').toString('base64'),
    });
    expect(writeFileEntry({ path: '/b', mode: 0o600, content: 'x\r\n', secret: true }).encoding).toBe('b64');
    expect(writeFileEntry({ path: '/c', mode: 0o600, content: 'key: value\n', secret: true })).toEqual({
      path: '/c',
      permissions: '0600',
      content: 'key: value\n',
    });
  });

  it('locks root to key-only login like kickstart rootpw --lock, or sets the given hash; other users are locked', () => {
    const host = structuredClone(fixture('classic-centos7')); // fixtures are shared: never mutate them
    delete host.install.rootPasswordHash;
    const r = renderAll(host);
    expect(r.cloudInit.document['disable_root']).toBe(false);
    const users = r.cloudInit.document['users'] as Record<string, unknown>[];
    const root = users.find((u) => u['name'] === 'root');
    expect(root?.['lock_passwd']).toBe(true);
    expect(root?.['ssh_authorized_keys']).toEqual(
      host.users.find((u) => u.name === 'root')?.sshAuthorizedKeys,
    );
    expect(root).not.toHaveProperty('hashed_passwd');
    const hash = '$6$salt$abcdefghijklmnopqrstuvwxyz';
    const withHash = renderAll({ ...host, install: { ...host.install, rootPasswordHash: hash } });
    const root2 = (withHash.cloudInit.document['users'] as Record<string, unknown>[]).find(
      (u) => u['name'] === 'root',
    );
    expect(root2).toMatchObject({ lock_passwd: false, hashed_passwd: hash });
    expect(users.find((u) => u['name'] === 'etcd')).toMatchObject({
      system: true,
      lock_passwd: true,
      shell: '/sbin/nologin',
    });
  });

  it('loads kernel modules and sysctls that early boot could not see, and applies kernel arguments for the next boot', () => {
    const r = renderAll(fixture('classic-centos7'));
    const runcmd = r.cloudInit.document['runcmd'] as string[];
    expect(runcmd).toContain('modprobe -a br_netfilter');
    expect(runcmd).toContain('sysctl --system');
    expect(runcmd).toContain(
      "grubby --update-kernel=ALL '--args=ipv6.disable=1 systemd.unified_cgroup_hierarchy=0'",
    );
  });

  it("CentOS 7 installs from the kickstart tree (vault), not the image's retired mirrorlist; EL9 keeps its repos", () => {
    const host = fixture('classic-centos7');
    const doc = renderAll(host).cloudInit.document;
    expect(doc['bootcmd']).toContain(CENTOS7_DISABLE_STOCK_REPOS);
    const repos = doc['yum_repos'] as Record<string, { baseurl: string; gpgcheck: boolean; gpgkey?: string }>;
    const tree = host.install.repo.replace(/\/+$/, '');
    expect(repos['centos7-base']).toMatchObject({ baseurl: tree, gpgcheck: true, gpgkey: CENTOS7_GPG_KEY });
    if (/\/os\/x86_64$/.test(tree)) {
      expect(repos['centos7-updates']?.baseurl).toBe(tree.replace(/\/os\/x86_64$/, '/updates/x86_64'));
      expect(repos['centos7-extras']?.baseurl).toBe(tree.replace(/\/os\/x86_64$/, '/extras/x86_64'));
    }
    for (const repo of host.repositories) expect(repos[repo.id]?.baseurl).toBe(repo.baseurl);
    // The default tree is the vault, like kickstart's `url`.
    expect(centos7Repos(DEFAULT_INSTALL_TREES.centos7.tree).map((r) => r.baseurl)).toEqual([
      'http://vault.centos.org/7.9.2009/os/x86_64',
      'http://vault.centos.org/7.9.2009/updates/x86_64',
      'http://vault.centos.org/7.9.2009/extras/x86_64',
    ]);
    const el9 = renderAll(fixture('node-el9')).cloudInit.document;
    expect((el9['bootcmd'] as string[] | undefined) ?? []).not.toContain(CENTOS7_DISABLE_STOCK_REPOS);
    expect(Object.keys((el9['yum_repos'] as object | undefined) ?? {})).not.toContain('centos7-base');
  });

  it.skipIf(!hasTool('shellcheck') || !hasTool('bash'))(
    'the CentOS 7 bootcmd sets the stock repo files aside, and again is a no-op',
    () => {
      expect(shellcheck(CENTOS7_DISABLE_STOCK_REPOS, 'sh').output).toBe('');
      const dir = mkdtempSync(path.join(work, 'repos-'));
      writeFileSync(path.join(dir, 'CentOS-Base.repo'), '[base]\nmirrorlist=http://mirrorlist.centos.org/\n');
      writeFileSync(path.join(dir, 'docker-ce.repo'), '[docker]\n');
      const command = CENTOS7_DISABLE_STOCK_REPOS.replaceAll('/etc/yum.repos.d', dir);
      for (let i = 0; i < 2; i++) expect(run('sh', ['-c', command]).status).toBe(0);
      expect(readdirSync(dir).sort()).toEqual(['CentOS-Base.repo.disabled', 'docker-ce.repo']);
    },
  );

  it('renders the same bytes twice and for an equal copy of the HostConfig', () => {
    const host = fixture('node-el9');
    expect(renderUserData(prepareHost(host))).toBe(renderUserData(prepareHost(structuredClone(host))));
  });
});
