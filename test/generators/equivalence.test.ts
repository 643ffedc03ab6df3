/**
 * Faithfulness and equivalence: every format, read back, carries exactly the prepared HostConfig's
 * files (mode, owner, bytes or remote source), directories, units (contents, enabled, drop-ins)
 * and users, so the three formats of one host carry the same things.
 */
import { describe, expect, it } from 'vitest';
import { isRemote } from '../../host/host-config.js';
import { HOST_FIXTURES } from '../fixtures/hostconfig/index.js';
import { renderAll } from './support/render-all.js';
import { centos7Repos } from '../../plan/boot.js';

describe.each(Object.entries(HOST_FIXTURES))('%s', (_name, host) => {
  const r = renderAll(host);

  it('cloud-init user-data reads back as the HostConfig', () => {
    expect(r.common.cloudInit).toEqual(r.expected);
  });

  it('Ignition config reads back as the HostConfig', () => {
    expect(r.common.ignition).toEqual(r.expected);
  });

  it('kickstart %post reads back as the HostConfig', () => {
    expect(r.common.kickstart).toEqual(r.expected);
  });

  it('the prepared HostConfig still holds every file, unit and user of the original', () => {
    for (const file of host.files) expect(r.expected.files[file.path]).toBeDefined();
    for (const unit of host.units) expect(r.expected.units[unit.name]?.enabled).toBe(unit.enabled);
    for (const user of host.users) expect(r.expected.users[user.name]).toBeDefined();
    for (const dir of host.directories) expect(r.expected.directories[dir.path]?.mode).toBe(dir.mode);
  });

  it('Ignition downloads the same remote files the fetch list names', () => {
    const native = Object.fromEntries(
      Object.entries(r.ignition.layout.files).filter(([, f]) => f.remote !== undefined),
    );
    expect(native).toEqual(r.ignition.fetchListEntries);
    expect(Object.keys(native).sort()).toEqual(
      host.files
        .filter(isRemote)
        .map((f) => f.path)
        .sort(),
    );
  });

  it('steps run: cloud-init starts them first and in order; the other formats enable them', () => {
    const steps = host.steps.map((s) => s.unit);
    expect(r.cloudInit.startOrder.slice(0, steps.length)).toEqual(steps);
    const enabled = Object.entries(r.expected.units)
      .filter(([, u]) => u.enabled)
      .map(([n]) => n);
    expect([...r.cloudInit.startOrder].sort()).toEqual(enabled.sort());
    for (const step of steps) {
      expect(r.common.ignition.units[step]?.enabled).toBe(true);
      expect(r.common.kickstart.units[step]?.enabled).toBe(true);
    }
  });

  it('kernel arguments reach every format', () => {
    expect(r.cloudInit.kernelArguments).toEqual(host.kernelArguments);
    expect(r.ignition.kernelArguments).toEqual(host.kernelArguments);
    const append = r.kickstart.commands
      .find((c) => c.name === 'bootloader')
      ?.options.find(([o]) => o === '--append');
    expect(append?.[1] ?? '').toBe(host.kernelArguments.join(' '));
  });

  it('packages and repositories match between cloud-init and kickstart', () => {
    expect(r.kickstart.packages).toEqual(['@core', ...r.prepared.packages]);
    expect(r.cloudInit.packages).toEqual(r.prepared.packages);
    const ksRepos = r.kickstart.commands
      .filter((c) => c.name === 'repo' && c.options[0]?.[1] !== 'AppStream')
      .map((c) => c.options.map(([, v]) => v));
    expect(ksRepos).toEqual(host.repositories.map((repo) => [repo.id, repo.baseurl]));
    // CentOS 7 on cloud-init also installs from kickstart's `url` tree (and its updates/extras),
    // since the image's own repositories point at the retired mirrorlist.
    const osRepos = host.os === 'centos7' ? centos7Repos(host.install.repo) : [];
    expect(Object.keys(r.cloudInit.repositories)).toEqual([
      ...osRepos.map((repo) => repo.id),
      ...host.repositories.map((repo) => repo.id),
    ]);
    if (host.os === 'centos7') {
      const url = String(r.kickstart.commands.find((c) => c.name === 'url')?.options[0]?.[1] ?? '');
      expect(r.cloudInit.repositories['centos7-base']).toMatchObject({ baseurl: url.replace(/\/+$/, '') });
    }
    for (const repo of host.repositories) {
      expect(r.cloudInit.repositories[repo.id]).toMatchObject({
        baseurl: repo.baseurl,
        gpgcheck: repo.gpgcheck,
      });
      expect(r.kickstart.repoFiles[`/etc/yum.repos.d/${repo.id}.repo`]).toContain(
        `baseurl=${repo.baseurl}\n`,
      );
    }
    expect(Object.keys(r.kickstart.repoFiles)).toHaveLength(host.repositories.length);
  });
});
