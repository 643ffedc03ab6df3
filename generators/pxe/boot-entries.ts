/**
 * What each install path boots, per host: kernel URL, initrd URLs and kernel arguments. The
 * loader-specific files (iPXE, GRUB, pxelinux) only render these; quoting is theirs.
 *
 * - kickstart: the EL installer from the install tree; `inst.ks=` (and `ks=` too on CentOS 7,
 *   whose older tooling still expects it), `inst.repo=`.
 * - nocloud: a live image with cloud-init (dracut `root=live:`); cloud-init fetches its seed
 *   over HTTP from `ds=nocloud;s=<bootServer>/hosts/<name>/` (trailing slash required).
 * - ignition, by the OS family's images (os/family.ts ignitionPxe): CoreOS live PXE images run
 *   `coreos-installer` to the host's disk with the host's config.ign (`coreos.inst.*`); the live
 *   system itself gets no `ignition.config.url`, as applying the host's config there would start
 *   etcd/kubelet in RAM before the install reboots. Flatcar's PXE images apply config.ign
 *   themselves (`flatcar.first_boot=1 ignition.config.url=`) and run from RAM.
 * - autoinstall: Ubuntu's live-server installer. casper downloads the ISO (`url=`) into RAM;
 *   `cloud-config-url=/dev/null` keeps cloud-init from reading that same `url=` as a cloud-config
 *   URL (cloud-init's kernel command line reader takes `cloud-config-url` before the legacy
 *   `url`); `autoinstall` skips the installer's confirmation; the installer's cloud-init reads the
 *   host's seed from `ds=nocloud-net;s=<bootServer>/hosts/<name>/autoinstall/` (Subiquity's
 *   doc/howto/autoinstall-quickstart.rst spelling; trailing slash required).
 * A host gets the entries of the paths its OS family can be installed by (installMethods).
 * Every path configures the host's static address in the initramfs: `ip=<ip>::<gw>:<netmask>:
 * <hostname>::none` bound to the booting NIC by `BOOTIF=01-<mac>` (dracut brings up only that NIC).
 */
import type { HostConfig } from '../../host/host-config.js';
import type { InstallMethod } from '../../inventory/model.js';
import type { PxeBootPlan as BootSettings } from '../../plan/boot.js';
import { macWithArpType } from './mac-names.js';
import { kickstartSyntax } from '../shared/kickstart-syntax.js';
import { osFamily } from '../../os/registry.js';
import { AUTOINSTALL_DIR } from '../shared/output-paths.js';

export interface BootEntry {
  method: InstallMethod;
  /** One line for menus and console messages. */
  title: string;
  kernel: string;
  initrds: string[];
  /** Kernel arguments, unquoted; loaders quote them as their syntax needs. */
  args: string[];
}

export interface EntryOptions {
  /** Add `BOOTIF=01-<mac>` (pxelinux adds it itself with `IPAPPEND 2`). */
  bootif: boolean;
}

export function hostSeedURL(settings: BootSettings, host: string): string {
  return `${settings.bootServer}/hosts/${host}/`;
}

/** Where the live installer reads the host's autoinstall seed (NoCloud over HTTP). */
export function autoinstallSeedURL(settings: BootSettings, host: string): string {
  return `${hostSeedURL(settings, host)}${AUTOINSTALL_DIR}/`;
}

function networkArgs(host: HostConfig, options: EntryOptions): string[] {
  const net = host.network;
  const args = [`ip=${net.address}::${net.gateway}:${net.netmask}:${host.hostname}::none`];
  for (const ns of net.nameservers) args.push(`nameserver=${ns}`);
  if (options.bootif && net.mac !== undefined) args.push(`BOOTIF=${macWithArpType(net.mac)}`);
  return args;
}

function installDevice(disk: string): string {
  return disk.startsWith('/') ? disk : `/dev/${disk}`;
}

export function kickstartEntry(settings: BootSettings, host: HostConfig, options: EntryOptions): BootEntry {
  const ks = `${settings.bootServer}/hosts/${host.hostname}/ks.cfg`;
  const repo = settings.repo;
  const args = [`inst.repo=${repo}`, `inst.ks=${ks}`];
  // Anaconda 21 (RHEL7) reads `ks=`; later ones read `inst.ks=`.
  if (kickstartSyntax(host) === 'RHEL7') args.push(`ks=${ks}`);
  args.push('inst.ks.sendmac', ...networkArgs(host, options));
  return {
    method: 'kickstart',
    title: `${host.hostname}: kickstart install (${host.os})`,
    kernel: settings.el.kernel,
    initrds: [settings.el.initrd],
    args,
  };
}

export function nocloudEntry(settings: BootSettings, host: HostConfig, options: EntryOptions): BootEntry {
  return {
    method: 'nocloud',
    title: `${host.hostname}: live image, cloud-init NoCloud over HTTP`,
    kernel: settings.live.kernel,
    initrds: [settings.live.initrd],
    args: [
      `root=live:${settings.live.rootfs}`,
      'rd.live.image',
      ...networkArgs(host, options),
      `ds=nocloud;s=${hostSeedURL(settings, host.hostname)}`,
    ],
  };
}

export function ignitionEntry(settings: BootSettings, host: HostConfig, options: EntryOptions): BootEntry {
  const family = osFamily(host.os);
  const config = `${settings.bootServer}/hosts/${host.hostname}/config.ign`;
  if (family.ignitionPxe.boot === 'flatcar-live') {
    // Flatcar's PXE image applies config.ign on this boot (`flatcar.first_boot=1`) and runs from
    // RAM. Its docs' `initrd=<file>` argument is the loader's business (iPXE names the image).
    return {
      method: 'ignition',
      title: `${host.hostname}: ${family.title} PXE with Ignition`,
      kernel: settings.coreos.kernel,
      initrds: [settings.coreos.initramfs],
      args: ['flatcar.first_boot=1', `ignition.config.url=${config}`, ...networkArgs(host, options)],
    };
  }
  const rootfs = settings.coreos.rootfs;
  if (rootfs === undefined) throw new Error(`${family.title}: CoreOS live PXE images without a rootfs`);
  return {
    method: 'ignition',
    title: `${host.hostname}: CoreOS install with Ignition`,
    kernel: settings.coreos.kernel,
    initrds: [settings.coreos.initramfs],
    args: [
      `coreos.live.rootfs_url=${rootfs}`,
      'ignition.firstboot',
      'ignition.platform.id=metal',
      `coreos.inst.install_dev=${installDevice(host.install.disk)}`,
      `coreos.inst.ignition_url=${config}`,
      ...networkArgs(host, options),
    ],
  };
}

export function autoinstallEntry(settings: BootSettings, host: HostConfig, options: EntryOptions): BootEntry {
  const family = osFamily(host.os);
  const images = settings.autoinstall;
  if (images === undefined) throw new Error(`${family.title}: no live installer images for autoinstall`);
  return {
    method: 'autoinstall',
    title: `${host.hostname}: ${family.title} autoinstall`,
    kernel: images.kernel,
    initrds: [images.initrd],
    args: [
      `url=${images.iso}`,
      'cloud-config-url=/dev/null',
      ...networkArgs(host, options),
      'autoinstall',
      `ds=nocloud-net;s=${autoinstallSeedURL(settings, host.hostname)}`,
    ],
  };
}

/** The paths the host's OS family can be installed by, the host's default (settings.method) first. */
export function bootEntries(settings: BootSettings, host: HostConfig, options: EntryOptions): BootEntry[] {
  const methods = osFamily(host.os).installMethods;
  const makers: [InstallMethod, typeof kickstartEntry][] = [
    ['kickstart', kickstartEntry],
    ['nocloud', nocloudEntry],
    ['ignition', ignitionEntry],
    ['autoinstall', autoinstallEntry],
  ];
  const all = makers
    .filter(([method]) => methods.includes(method))
    .map(([, make]) => make(settings, host, options));
  return [
    ...all.filter((e) => e.method === settings.method),
    ...all.filter((e) => e.method !== settings.method),
  ];
}
