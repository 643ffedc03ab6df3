/**
 * Where booting machines fetch things from, decided once from the inventory for every format:
 * the boot server, the OS install tree (one default per OS, used by kickstart and by the PXE
 * loaders alike), the installer's PXE kernel and initrd, the CoreOS live images (Ignition path),
 * the live image with cloud-init (NoCloud path), and the DHCP/TFTP settings dnsmasq needs.
 * The `cluster.install` fields read here are described in inventory/schema.ts.
 */
import { appstreamBeside } from '../inventory/install-tree.js';
import type { DhcpMode, InstallMethod, Inventory, OsId } from '../inventory/model.js';
import { formatIpv4, netmask, parseCidr } from './ipv4.js';
import { osFamily } from '../os/registry.js';

/**
 * Upstream install trees used when the inventory names none, for every OS. http://, because the
 * default boot path (pxelinux, GRUB) cannot fetch https://, and the tool must not warn about its
 * own defaults; packages stay GPG-checked by the installer. The trailing slash is kickstart's
 * `url` form.
 */
interface InstallTree {
  tree: string;
  appstream?: string;
}

/** The families Anaconda installs; cloud-image families have no install tree. */
export const DEFAULT_INSTALL_TREES: Readonly<Record<'centos7' | 'el9', InstallTree>> = {
  centos7: { tree: 'http://vault.centos.org/7.9.2009/os/x86_64/' },
  el9: {
    tree: 'http://mirror.stream.centos.org/9-stream/BaseOS/x86_64/os/',
    appstream: 'http://mirror.stream.centos.org/9-stream/AppStream/x86_64/os/',
  },
};

/** A package repository a running host installs from (yum/dnf). */
export interface OsRepo {
  id: string;
  name: string;
  baseurl: string;
}

/**
 * CentOS 7's repositories on a running host, from the install tree kickstart installs from
 * (vault.centos.org by default): base is the tree itself; updates and extras sit beside it when the
 * tree has the CentOS mirror layout (`.../os/x86_64`). The images' own CentOS-*.repo files point at
 * mirrorlist.centos.org, retired with CentOS 7, so a cloud-init host uses these instead.
 */
export function centos7Repos(tree: string): OsRepo[] {
  const base = trimSlash(tree);
  const repos: OsRepo[] = [{ id: 'centos7-base', name: 'CentOS 7 - base (install tree)', baseurl: base }];
  const release = /^(.*)\/os\/x86_64$/.exec(base)?.[1];
  if (release !== undefined) {
    for (const r of ['updates', 'extras']) {
      repos.push({ id: `centos7-${r}`, name: `CentOS 7 - ${r}`, baseurl: `${release}/${r}/x86_64` });
    }
  }
  return repos;
}

export interface InstallSource {
  /** The OS install tree (BaseOS on el9), as given or the default. */
  tree: string;
  /** EL9 only: the AppStream repository beside BaseOS. */
  appstream?: string;
  /** True when the inventory named no tree. */
  isDefault: boolean;
}

export interface BootPlan {
  /** Boot server base URL without a trailing slash; absent when no host is delivered by pxe. */
  bootServer?: string;
  method: InstallMethod;
  install: InstallSource;
  /** The install tree without a trailing slash, for URLs built under it. */
  repo: string;
  el: { kernel: string; initrd: string };
  /**
   * The Ignition PXE images (`cluster.install.coreos`): the OS family's (os/family.ts
   * ignitionPxe) under <bootServer>/assets/<dir>/ by default (absent without a boot server).
   * `rootfs` only for images that fetch a live root file system (CoreOS).
   */
  coreos?: IgnitionImages;
  live?: { kernel: string; initrd: string; rootfs: string };
  /**
   * Ubuntu's live installer (autoinstall path), for families that have one: the casper kernel and
   * initrd and the live-server ISO, under the install tree unless `install.kernel`, `install.initrd`
   * or `install.iso` name them.
   */
  autoinstall?: AutoinstallImages;
  dhcp: {
    mode: DhcpMode;
    tftpRoot: string;
    interface?: string;
    /** Network address and netmask of cluster.network.cidr. */
    network: string;
    netmask: string;
  };
}

/** The boot plan of a cluster with PXE delivery: every PXE URL is under the boot server. */
export interface PxeBootPlan extends BootPlan {
  bootServer: string;
  coreos: IgnitionImages;
  live: { kernel: string; initrd: string; rootfs: string };
}

export interface AutoinstallImages {
  kernel: string;
  initrd: string;
  iso: string;
}

export interface IgnitionImages {
  kernel: string;
  initramfs: string;
  rootfs?: string;
}

function ignitionImages(inventory: Inventory, assets: string): IgnitionImages {
  const given = inventory.cluster.install.coreos;
  const pxe = osFamily(inventory.cluster.os).ignitionPxe;
  const at = (name: string): string => `${assets}/${pxe.dir}/${name}`;
  const rootfs = given?.rootfs ?? (pxe.rootfs === undefined ? undefined : at(pxe.rootfs));
  return {
    kernel: given?.kernel ?? at(pxe.kernel),
    initramfs: given?.initramfs ?? at(pxe.initramfs),
    ...(rootfs === undefined ? {} : { rootfs }),
  };
}

/**
 * The PXE view of a boot plan, for the formats only PXE delivery renders (pxe, dnsmasq, nginx).
 * Validation requires cluster.bootServer whenever a host is delivered by pxe, so a missing one
 * here is a bug in the caller.
 */
export function pxeBootPlan(boot: BootPlan): PxeBootPlan {
  const { bootServer, coreos, live } = boot;
  if (bootServer === undefined || coreos === undefined || live === undefined)
    throw new Error('pxeBootPlan: no cluster.bootServer, but a PXE format was rendered');
  return { ...boot, bootServer, coreos, live };
}

export function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * The install source: the inventory's tree, else the OS default. An EL9 BaseOS tree given
 * without AppStream gets the AppStream tree beside it; for a non-BaseOS tree without
 * `install.appstream` there is nothing to derive.
 */
export function installSource(inventory: Inventory): InstallSource {
  const { os, install } = inventory.cluster;
  // An OS without an installer tree (a cloud-image family) gets a path under the boot server's
  // assets, which nothing fetches: its formats read no install tree.
  const trees: Partial<Record<OsId, InstallTree>> = DEFAULT_INSTALL_TREES;
  const server = inventory.cluster.bootServer;
  const fallback = trees[os] ?? { tree: `${server === undefined ? '' : trimSlash(server)}/assets/${os}/` };
  if (install.repo === undefined) return { ...fallback, isDefault: true };
  if (os !== 'el9') return { tree: install.repo, isDefault: false };
  if (install.appstream !== undefined)
    return { tree: install.repo, appstream: install.appstream, isDefault: false };
  const beside = appstreamBeside(install.repo);
  // Not a BaseOS tree and no AppStream named: nothing to derive (validation refuses it).
  if (beside === undefined) return { tree: install.repo, isDefault: false };
  return { tree: install.repo, appstream: beside, isDefault: false };
}

function autoinstallImages(inventory: Inventory, repo: string): AutoinstallImages | undefined {
  const layout = osFamily(inventory.cluster.os).autoinstall;
  if (layout === undefined) return undefined;
  const install = inventory.cluster.install;
  return {
    kernel: install.kernel ?? `${repo}/${layout.kernel}`,
    initrd: install.initrd ?? `${repo}/${layout.initrd}`,
    iso: install.iso ?? `${repo}/${layout.iso}`,
  };
}

export function planBoot(inventory: Inventory): BootPlan {
  const cluster = inventory.cluster;
  const install = cluster.install;
  const bootServer = cluster.bootServer === undefined ? undefined : trimSlash(cluster.bootServer);
  const source = installSource(inventory);
  const repo = trimSlash(source.tree);
  const assets = bootServer === undefined ? undefined : `${bootServer}/assets`;
  const hostNet = parseCidr(cluster.network.cidr);
  if (hostNet === undefined) throw new Error(`planBoot: cluster.network.cidr is not an IPv4 CIDR`);
  const autoinstall = autoinstallImages(inventory, repo);
  return {
    ...(bootServer === undefined ? {} : { bootServer }),
    method: install.method,
    install: source,
    repo,
    el: {
      kernel: install.kernel ?? `${repo}/images/pxeboot/vmlinuz`,
      initrd: install.initrd ?? `${repo}/images/pxeboot/initrd.img`,
    },
    ...(assets === undefined
      ? {}
      : {
          coreos: ignitionImages(inventory, assets),
          live: {
            kernel: install.live?.kernel ?? `${assets}/live/vmlinuz`,
            initrd: install.live?.initrd ?? `${assets}/live/initrd.img`,
            rootfs: install.live?.rootfs ?? `${assets}/live/squashfs.img`,
          },
        }),
    ...(autoinstall === undefined ? {} : { autoinstall }),
    dhcp: {
      mode: install.dhcpMode,
      tftpRoot: install.tftpRoot,
      ...(install.dhcpInterface === undefined ? {} : { interface: install.dhcpInterface }),
      network: formatIpv4(hostNet.network),
      netmask: netmask(hostNet.prefix),
    },
  };
}

/**
 * The inventory fields the kernel and initrd URLs come from (their values, or the default they
 * stand for when unset): where a diagnostic about a boot loader fetch should point. Root file
 * systems are fetched by the booted initramfs, not by the loader, so they are not listed.
 */
export function bootUrlSources(inventory: Inventory): { path: string; url: string; isDefault: boolean }[] {
  const cluster = inventory.cluster;
  const install = cluster.install;
  const source = installSource(inventory);
  const sources: { path: string; url: string; isDefault: boolean }[] = [
    ...(cluster.bootServer === undefined
      ? []
      : [{ path: 'cluster.bootServer', url: cluster.bootServer, isDefault: false }]),
    {
      path: 'cluster.install.repo',
      url: source.isDefault ? trimSlash(source.tree) : source.tree,
      isDefault: source.isDefault,
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
