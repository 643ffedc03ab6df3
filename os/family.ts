/**
 * An operating system family: everything bootforge must know about an OS to configure it on first
 * boot, as data. Profiles and generators ask the family (os/registry.ts) instead of testing OS ids,
 * so adding an OS is one module here plus one registry line.
 */

/** Container runtimes an inventory can name (`cluster.runtime`; the schema's enum reads it). */
export const RUNTIMES = ['docker', 'containerd'] as const;
export type Runtime = (typeof RUNTIMES)[number];

/** How a host's plain per-MAC PXE entry installs it (`cluster.install.method`). */
export const INSTALL_METHODS = ['kickstart', 'nocloud', 'ignition', 'autoinstall'] as const;
export type InstallMethod = (typeof INSTALL_METHODS)[number];

/** `install.method` when the inventory names none, for families that take it or have no PXE path. */
export const DEFAULT_INSTALL_METHOD: InstallMethod = 'kickstart';

/**
 * Ubuntu Server's live installer (Subiquity) booted from the network for `install.method:
 * autoinstall`: the kernel and casper initrd unpacked from the live-server ISO, and the ISO itself,
 * which casper downloads into RAM (`url=`). Paths are relative to the install tree
 * (`cluster.install.repo`, default `<bootServer>/assets/<os>/`), as EL's images/pxeboot/ are;
 * `install.kernel`, `install.initrd` and `install.iso` override them.
 */
export interface AutoinstallPxe {
  kernel: string;
  initrd: string;
  iso: string;
}

/** How the OS installs packages; `none` for image-based systems (Flatcar, Fedora CoreOS). */
export type PackageManager = 'yum' | 'dnf' | 'apt' | 'none';

/** What configures the network on the installed system (what cloud-init or the installer renders). */
export type NetworkFlavour = 'ifcfg' | 'networkmanager-keyfile' | 'netplan' | 'systemd-networkd';

/** The mandatory access control the OS ships; profiles set SELinux's mode, AppArmor is left on. */
export type SecurityModule = 'selinux' | 'apparmor' | 'none';

/** The host firewall bootforge can manage (`install.firewall: open-ports`), or none. */
export type HostFirewall = 'firewalld' | 'none';

/** Where a container runtime comes from on this OS. */
export type RuntimeSource =
  /** docker-ce / containerd.io from the docker-ce yum repository (profiles/repos.ts). */
  | 'docker-ce-yum'
  /** only containerd 2.x from its release tarball (artifacts), whatever the OS packages. */
  | 'release-tarball'
  /**
   * The OS image ships it (Flatcar's containerd): nothing is installed; bootforge writes its
   * configuration and a drop-in that makes the shipped unit read it (`shippedContainerd`).
   */
  | 'os';

/** The time sync daemon the OS runs, and where bootforge writes the inventory's NTP servers. */
export type TimeSync =
  | { daemon: 'chronyd'; conf: string }
  /** A drop-in under /etc/systemd/timesyncd.conf.d/. */
  | { daemon: 'systemd-timesyncd'; conf: string };

/**
 * How the Ignition PXE path (`install.method: ignition`) boots this family's images, and their
 * file names under `<bootServer>/assets/<dir>/` (each overridable by `cluster.install.coreos`).
 * - `coreos-installer`: Fedora CoreOS live images install the host's disk (`coreos.inst.*`);
 *   the live system itself gets no config.
 * - `flatcar-live`: Flatcar's PXE images run from RAM with the host's config.ign
 *   (`flatcar.first_boot=1 ignition.config.url=`); they take no root file system URL.
 */
export interface IgnitionPxe {
  boot: 'coreos-installer' | 'flatcar-live';
  dir: string;
  kernel: string;
  initramfs: string;
  /** The live root file system; `coreos-installer` only. */
  rootfs?: string;
}

/**
 * Anaconda's kickstart dialect. RHEL7 also means: `install` and `authconfig` commands, `ks=`
 * beside `inst.ks=`, no DNS search option on `network`, and no AppStream tree.
 */
export type KickstartSyntax = 'RHEL7' | 'RHEL9';

/** Fedora CoreOS live PXE images, for families Ignition reaches only through the CoreOS path. */
export const COREOS_LIVE_PXE: IgnitionPxe = {
  boot: 'coreos-installer',
  dir: 'coreos',
  kernel: 'kernel',
  initramfs: 'initramfs.img',
  rootfs: 'rootfs.img',
};

/**
 * The Debian-style archive an apt family installs its packages from, rendered through cloud-init's
 * `apt` module (generators/cloud-init/apt.ts). URLs are upstream: `cluster.artifacts.mirror`
 * rewrites them like every download (profiles/apt-sources.ts).
 */
export interface AptArchive {
  /** The release's codename, written literally (cloud-init 22.4 guesses $RELEASE from lsb_release). */
  codename: string;
  /** The primary archive: `http://deb.debian.org/debian`. */
  primary: string;
  /** The security archive; its one suite is `<codename>-security`. */
  security: string;
  /** Suites under the primary archive: the release and its `-updates`. */
  suites: readonly string[];
  components: readonly string[];
  /**
   * How the sources list is written: `one-line` into /etc/apt/sources.list (cloud-init 22.4 writes
   * what it is given there), `deb822` (cloud-init 23.4 and later put it in
   * sources.list.d/<distro>.sources, replacing the image's own).
   */
  format: 'one-line' | 'deb822';
  /** The archive keyring deb822 stanzas name (`Signed-By:`). */
  keyring: string;
  /**
   * Source files the image may ship that cloud-init does not rewrite: set aside at bootcmd, so apt
   * reads only the rendered archive (an air-gapped host cannot reach the image's).
   */
  imageSources: readonly string[];
}

export interface OsFamily {
  /** The inventory's `cluster.os`; os/registry.ts lists the family under it. */
  id: string;
  /** For messages and docs: `Debian 12 (bookworm)`. */
  title: string;
  packageManager: PackageManager;
  /**
   * Packages every Kubernetes host installs (time sync, conntrack, socat, iptables, tar), in the
   * OS's own names; empty for a family without a package manager.
   */
  hostPackages: readonly string[];
  /** chronyd (`/etc/chrony.conf` on EL, `/etc/chrony/chrony.conf` on Debian) or systemd-timesyncd. */
  timeSync: TimeSync;
  /** Writable directory for downloaded binaries (`/opt/bin` where /usr is read-only). */
  binDir: string;
  /** Writable directory for system binaries (runc, bootforge's remote-file fetcher). */
  sbinDir: string;
  /** Writable directory for bootforge's own first-boot scripts. */
  scriptDir: string;
  /**
   * What configures the network on the installed system. config.ign writes a .network file for
   * `systemd-networkd`, else an NM keyfile (what the CoreOS image reads).
   */
  network: NetworkFlavour;
  /** The Ignition PXE images and how they boot (generators/pxe/boot-entries.ts). */
  ignitionPxe: IgnitionPxe;
  /**
   * With the `os` containerd source: the drop-in that makes the OS's containerd.service read
   * /etc/containerd/config.toml (Flatcar's unit points at its own default under /usr/share).
   */
  shippedContainerd?: { execStart: string };
  securityModule: SecurityModule;
  firewall: HostFirewall;
  /**
   * The OS keeps its mounts (swap included) in /etc/fstab, where swap entries are commented out;
   * false where there is none (Flatcar mounts with systemd units) and `swapoff -a` is all.
   */
  fstab: boolean;
  /**
   * Output formats (generator names) that can configure this OS. A default run renders only
   * these for the family's hosts; asking for another one is a diagnostic.
   */
  formats: readonly string[];
  /** PXE install paths (`install.method`) that can install this OS; empty when it has none. */
  installMethods: readonly InstallMethod[];
  /** The live installer's netboot files, for families installed by `autoinstall`. */
  autoinstall?: AutoinstallPxe;
  /** Container runtimes bootforge can set up on it, and from where. */
  runtimes: Readonly<Partial<Record<Runtime, RuntimeSource>>>;
  /**
   * Kickstart syntax (`RHEL7`, `RHEL9`) for families Anaconda installs, and where Anaconda mounts
   * the installed system while `%post`/`%onerror` run (`/mnt/sysimage` on EL7, `/mnt/sysroot` after).
   */
  kickstart?: { syntax: KickstartSyntax; targetRoot: string };
  /**
   * The systemd version the OS ships. Before 230 (CentOS 7 has 219) the start-limit settings are
   * `StartLimitInterval=` in [Service]; from 230 `StartLimitIntervalSec=` in [Unit].
   */
  systemdVersion: number;
  /**
   * The cgroup hierarchy the OS boots with. kubelet refuses cgroup v1 by default from 1.35 and
   * takes `failCgroupV1: false` from 1.31 (profiles/configs/kubelet-config.ts).
   */
  cgroupVersion: 1 | 2;
  /**
   * The package repositories the OS's cloud image is configured with: `retired` when they name
   * mirrors that are gone (CentOS 7's mirrorlist.centos.org), so cloud-init sets them aside and
   * installs from the install tree's repositories instead; `current` otherwise.
   */
  imageRepos: 'retired' | 'current';
  /** The apt archive (primary, security) of a family whose package manager is apt. */
  apt?: AptArchive;
  /** Boot media and how it was tested, for README's OS table. */
  docs: { bootPaths: string; tested: string };
}

/**
 * `install.method` when the inventory names none (inventory/defaults.ts): kickstart where the
 * family takes it, or where it has no PXE path at all (nothing reads it there), else the family's
 * first install path (Ubuntu: autoinstall, Flatcar: ignition).
 */
export function defaultInstallMethod(family: Pick<OsFamily, 'installMethods'>): InstallMethod {
  const methods = family.installMethods;
  if (methods.length === 0 || methods.includes(DEFAULT_INSTALL_METHOD)) return DEFAULT_INSTALL_METHOD;
  return methods[0] ?? DEFAULT_INSTALL_METHOD;
}

/** How inventory/defaults.ts decides a bare `install.method`, for `bootforge explain`. */
export const INSTALL_METHOD_DEFAULT = `${DEFAULT_INSTALL_METHOD}, or the OS family's own install path where it has no ${DEFAULT_INSTALL_METHOD} (autoinstall on ubuntu2404, ignition on flatcar)`;
