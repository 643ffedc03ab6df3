/**
 * Where booting machines fetch things from, resolved once from the inventory: the boot server,
 * the EL install tree and its PXE kernel, the CoreOS live images (Ignition path) and the live
 * image with cloud-init (NoCloud path).
 * The `cluster.install` fields read here are described in inventory/schema.ts.
 */
import { INSTALL_METHODS, type InstallMethod, type OsId } from '../../inventory/model.js';
import type { ClusterPlan } from '../../plan/model.js';

export { INSTALL_METHODS, type InstallMethod };

export interface BootSettings {
  /** Boot server base URL without a trailing slash. */
  bootServer: string;
  os: OsId;
  method: InstallMethod;
  /** EL install tree (BaseOS on el9). */
  repo: string;
  el: { kernel: string; initrd: string };
  coreos: { kernel: string; initramfs: string; rootfs: string };
  live: { kernel: string; initrd: string; rootfs: string };
}

/** Upstream install trees used when the inventory names none. */
export const DEFAULT_INSTALL_TREES: Readonly<Record<OsId, string>> = {
  centos7: 'https://vault.centos.org/7.9.2009/os/x86_64',
  el9: 'https://mirror.stream.centos.org/9-stream/BaseOS/x86_64/os',
};

export function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

export function resolveBootSettings(plan: ClusterPlan): BootSettings {
  const cluster = plan.inventory.cluster;
  const install = cluster.install;
  const bootServer = trimSlash(cluster.bootServer);
  const repo = trimSlash(install.repo ?? DEFAULT_INSTALL_TREES[cluster.os]);
  const assets = `${bootServer}/assets`;
  return {
    bootServer,
    os: cluster.os,
    method: install.method,
    repo,
    el: {
      kernel: install.kernel ?? `${repo}/images/pxeboot/vmlinuz`,
      initrd: install.initrd ?? `${repo}/images/pxeboot/initrd.img`,
    },
    coreos: {
      kernel: install.coreos?.kernel ?? `${assets}/coreos/kernel`,
      initramfs: install.coreos?.initramfs ?? `${assets}/coreos/initramfs.img`,
      rootfs: install.coreos?.rootfs ?? `${assets}/coreos/rootfs.img`,
    },
    live: {
      kernel: install.live?.kernel ?? `${assets}/live/vmlinuz`,
      initrd: install.live?.initrd ?? `${assets}/live/initrd.img`,
      rootfs: install.live?.rootfs ?? `${assets}/live/squashfs.img`,
    },
  };
}

/**
 * The inventory fields the kernel and initrd URLs come from (their values, or the default they
 * stand for when unset): where a diagnostic about a boot loader fetch should point. Root file
 * systems are fetched by the booted initramfs, not by the loader, so they are not listed.
 */
export function bootUrlSources(plan: ClusterPlan): { path: string; url: string; isDefault: boolean }[] {
  const cluster = plan.inventory.cluster;
  const install = cluster.install;
  const sources: { path: string; url: string; isDefault: boolean }[] = [
    { path: 'cluster.bootServer', url: cluster.bootServer, isDefault: false },
    {
      path: 'cluster.install.repo',
      url: install.repo ?? DEFAULT_INSTALL_TREES[cluster.os],
      isDefault: install.repo === undefined,
    },
  ];
  const optional: [string, string | undefined][] = [
    ['cluster.install.kernel', install.kernel],
    ['cluster.install.initrd', install.initrd],
    ['cluster.install.coreos.kernel', install.coreos?.kernel],
    ['cluster.install.coreos.initramfs', install.coreos?.initramfs],
    ['cluster.install.live.kernel', install.live?.kernel],
    ['cluster.install.live.initrd', install.live?.initrd],
  ];
  for (const [path, url] of optional) if (url !== undefined) sources.push({ path, url, isDefault: false });
  // An explicit kernel and initrd make the install tree irrelevant for booting.
  if (install.kernel !== undefined && install.initrd !== undefined)
    return sources.filter((s) => s.path !== 'cluster.install.repo');
  return sources;
}
