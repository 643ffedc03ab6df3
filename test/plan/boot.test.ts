import { describe, expect, it } from 'vitest';
import { DEFAULT_INSTALL_TREES, installSource, planBoot } from '../../plan/boot.js';
import { fixtureInventory } from '../fixtures/boot-media/cluster.js';

describe('install source', () => {
  it('is one default per OS, over http:// so the default PXE loaders can fetch it', () => {
    for (const os of ['centos7', 'el9'] as const) {
      const source = installSource(fixtureInventory({ os, install: { repo: undefined } }));
      expect(source).toEqual({ ...DEFAULT_INSTALL_TREES[os], isDefault: true });
    }
    for (const tree of Object.values(DEFAULT_INSTALL_TREES)) {
      expect(tree.tree).toMatch(/^http:\/\//);
      if (tree.appstream !== undefined) expect(tree.appstream).toMatch(/^http:\/\//);
    }
  });

  it('derives EL9 AppStream beside a BaseOS tree, or takes the one given', () => {
    const base = 'http://m/el9/BaseOS/x86_64/os/';
    expect(installSource(fixtureInventory({ os: 'el9', install: { repo: base } }))).toEqual({
      tree: base,
      appstream: 'http://m/el9/AppStream/x86_64/os/',
      isDefault: false,
    });
    expect(
      installSource(
        fixtureInventory({ os: 'el9', install: { repo: 'http://m/os/', appstream: 'http://m/as/' } }),
      ),
    ).toEqual({ tree: 'http://m/os/', appstream: 'http://m/as/', isDefault: false });
    expect(installSource(fixtureInventory({ os: 'el9', install: { repo: 'http://m/os/' } }))).toEqual({
      tree: 'http://m/os/',
      isDefault: false,
    });
  });

  it('feeds the PXE kernel and initrd from the same tree kickstart installs from', () => {
    const boot = planBoot(fixtureInventory({ os: 'centos7', install: { repo: undefined } }));
    expect(boot.install.tree).toBe('http://vault.centos.org/7.9.2009/os/x86_64/');
    expect(boot.repo).toBe('http://vault.centos.org/7.9.2009/os/x86_64');
    expect(boot.el).toEqual({
      kernel: 'http://vault.centos.org/7.9.2009/os/x86_64/images/pxeboot/vmlinuz',
      initrd: 'http://vault.centos.org/7.9.2009/os/x86_64/images/pxeboot/initrd.img',
    });
  });

  it('resolves the DHCP network and netmask of the hosts network', () => {
    const boot = planBoot(fixtureInventory({ bootServer: 'http://10.0.0.2:8080/' }));
    expect(boot.bootServer).toBe('http://10.0.0.2:8080');
    expect(boot.dhcp).toMatchObject({ network: '10.0.0.0', netmask: '255.255.255.0', mode: 'static' });
  });
});
