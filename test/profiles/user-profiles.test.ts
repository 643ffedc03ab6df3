/** User profiles: added per host, template overrides by relative path, layer order, validation. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildHostConfig } from '../../profiles/build-host-config.js';
import { ProfileError } from '../../profiles/errors.js';
import { loadUserProfiles } from '../../profiles/user-profiles.js';
import { classicPlan, fakePki } from './fixtures.js';
import { file, unitText } from './support.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function profileDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bf-profiles-'));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** The classic plan with host knode2 selecting `profiles`. */
function planWith(profiles: string[]) {
  const plan = classicPlan();
  const hosts = plan.hosts.map((h) => (h.name === 'knode2' ? { ...h, spec: { ...h.spec, profiles } } : h));
  return { ...plan, hosts };
}

describe('user profiles', () => {
  it('a selected profile adds files, units, drop-ins, packages and a step to that host only', () => {
    const dir = profileDir({
      'templates/site/motd.hbs': 'Welcome to {{host.name}} ({{cluster.name}}, {{host.roles}})\n',
      'templates/site/agent.service.hbs':
        '[Unit]\nDescription=site agent on {{host.name}}\n\n[Service]\nType=oneshot\nExecStart=/usr/bin/true\n',
      'profiles/site.yaml': [
        'packages: [htop]',
        'files:',
        '  - { path: /etc/motd, mode: 0644, template: site/motd.hbs }',
        '  - { path: /etc/site/token, content: "s3cret\\n", secret: true }',
        'units:',
        '  - { name: site-agent.service, template: site/agent.service.hbs }',
        'dropins:',
        '  - { unit: kubelet.service, name: 50-site.conf, content: "[Service]\\nNice=-5\\n" }',
        'steps:',
        '  - { unit: site-agent.service, description: Run the site agent }',
      ].join('\n'),
    });
    const userProfiles = loadUserProfiles(dir);
    const plan = planWith(['site']);
    const pki = fakePki(plan);
    const node = buildHostConfig(plan, plan.hosts[1]!, pki, { userProfiles });
    expect(file(node, '/etc/motd').content).toBe('Welcome to knode2 (testc, node)\n');
    expect(file(node, '/etc/site/token')).toMatchObject({ mode: 0o600, secret: true });
    expect(unitText(node, 'site-agent.service')).toContain('site agent on knode2');
    expect(node.units.find((u) => u.name === 'kubelet.service')?.dropins).toEqual([
      // bootforge's own (static kubelet credentials: the client certificate store), then the user's.
      {
        name: '10-bootforge-client-store.conf',
        contents: '[Service]\nExecStartPre=-/usr/local/libexec/bootforge/kubelet-client-store\n',
      },
      { name: '50-site.conf', contents: '[Service]\nNice=-5\n' },
    ]);
    expect(node.packages).toContain('htop');
    expect(node.steps.at(-1)).toEqual({ unit: 'site-agent.service', description: 'Run the site agent' });
    const other = buildHostConfig(plan, plan.hosts[2]!, pki, { userProfiles });
    expect(other.files.some((f) => f.path === '/etc/motd')).toBe(false);
  });

  it('a template in <dir>/templates replaces the built-in one with the same relative path', () => {
    const dir = profileDir({
      'templates/host/k8s-sysctl.conf.hbs':
        '# site sysctls\nnet.ipv4.ip_forward = 1\nvm.max_map_count = 262144\n',
    });
    const plan = classicPlan();
    const config = buildHostConfig(plan, plan.hosts[0]!, fakePki(plan), {
      userProfiles: loadUserProfiles(dir),
    });
    expect(file(config, '/etc/sysctl.d/k8s.conf').content).toContain('vm.max_map_count = 262144');
  });

  it('a template at kubernetes/<binary>.service.hbs replaces that one kube-* unit only', () => {
    const dir = profileDir({
      'templates/kubernetes/kubelet.service.hbs':
        '[Unit]\nDescription=site kubelet\n\n[Service]\nExecStart={{binary}} {{#each flags}}{{this}} {{/each}}\n',
    });
    const plan = classicPlan();
    const node = buildHostConfig(plan, plan.hosts[1]!, fakePki(plan), {
      userProfiles: loadUserProfiles(dir),
    });
    expect(unitText(node, 'kubelet.service')).toMatch(/^\[Unit\]\nDescription=site kubelet\n/);
    expect(unitText(node, 'kubelet.service')).toContain('/kubelet --');
    expect(unitText(node, 'kube-proxy.service')).not.toContain('site kubelet');
  });

  it('an override that uses a variable the built-in template does not get fails with its name and the host', () => {
    const dir = profileDir({ 'templates/host/k8s-sysctl.conf.hbs': 'net.core.somaxconn = {{somaxconn}}\n' });
    const plan = classicPlan();
    expect(() =>
      buildHostConfig(plan, plan.hosts[0]!, fakePki(plan), { userProfiles: loadUserProfiles(dir) }),
    ).toThrow(/host\/k8s-sysctl\.conf\.hbs failed for host knode1: "somaxconn" not defined/);
  });

  it('the host layer overrides a built-in file by path', () => {
    const dir = profileDir({
      'profiles/chrony.yaml':
        'files:\n  - { path: /etc/chrony.conf, content: "server time.site iburst\\n" }\n',
    });
    const plan = planWith(['chrony']);
    const node = buildHostConfig(plan, plan.hosts[1]!, fakePki(plan), {
      userProfiles: loadUserProfiles(dir),
    });
    expect(file(node, '/etc/chrony.conf').content).toBe('server time.site iburst\n');
  });

  it('an unknown profile is a ProfileError pointing at the host entry', () => {
    const plan = planWith(['missing']);
    let caught: unknown;
    try {
      buildHostConfig(plan, plan.hosts[1]!, fakePki(plan), {
        userProfiles: loadUserProfiles(profileDir({})),
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ProfileError);
    expect((caught as ProfileError).code).toBe('PROFILE_UNKNOWN');
    expect((caught as ProfileError).path).toBe('hosts[1].profiles[0]');
  });

  it('rejects malformed profiles with the file and path', () => {
    const bad = profileDir({ 'profiles/bad.yaml': 'files:\n  - { path: etc/relative, content: x }\n' });
    expect(() => loadUserProfiles(bad)).toThrow(/bad\.yaml: files\[0\]\.path: must be absolute/);
    const unknown = profileDir({ 'profiles/typo.yaml': 'pakages: [htop]\n' });
    expect(() => loadUserProfiles(unknown)).toThrow(/pakages: unknown key/);
    const both = profileDir({
      'profiles/both.yaml': 'units:\n  - { name: a.service, content: x, template: y.hbs }\n',
    });
    expect(() => loadUserProfiles(both)).toThrow(/exactly one of template and content/);
  });
});
