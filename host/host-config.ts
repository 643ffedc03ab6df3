/**
 * HostConfig: one format-neutral description of a host's first boot.
 * Profiles write only this; generators read only this. Nothing else crosses that line.
 *
 * Conventions:
 * - Paths are absolute paths on the target host.
 * - Modes are numbers (0o644); private keys and tokens are 0o600 and marked `secret`.
 * - Everything that runs on first boot is a systemd unit (usually a oneshot with a script), so the
 *   three formats behave the same: cloud-init and kickstart write files and enable units; Ignition
 *   does it natively.
 * - Arrays are kept in a stable order (files and units sorted by path/name by `finalizeHostConfig`).
 */

import type { OsId } from '../inventory/model.js';

export interface InlineFile {
  path: string;
  mode: number;
  /** Owner, default root:root. */
  user?: string;
  group?: string;
  /** UTF-8 text content. */
  content: string;
  /** True when the content contains a private key, a token or a password hash. */
  secret: boolean;
}

export interface RemoteFile {
  path: string;
  mode: number;
  user?: string;
  group?: string;
  /** http(s) URL to download. */
  url: string;
  /** Lower-case hex sha256 that the download must match before it is used. */
  sha256: string;
  /** When set, the URL is an archive (tar.gz) and `extract` lists member paths to pull out to `path`'s directory. */
  archive?: { format: 'tar.gz'; members: { from: string; to: string; mode: number }[] };
}

export type HostFile = InlineFile | RemoteFile;

export function isRemote(file: HostFile): file is RemoteFile {
  return 'url' in file;
}

export interface SystemdUnit {
  /** e.g. `etcd.service`. */
  name: string;
  /** Full unit file text; absent for a unit that only gets drop-ins (e.g. a packaged docker.service). */
  contents?: string;
  enabled: boolean;
  dropins: { name: string; contents: string }[];
}

export interface PackageRepo {
  id: string;
  name: string;
  baseurl: string;
  gpgkey?: string;
  gpgcheck: boolean;
}

/**
 * Where apt installs from (families whose package manager is apt): cloud-init's `apt` module writes
 * `sourcesList` with `$PRIMARY` and `$SECURITY` replaced by the two archive URLs.
 */
export interface AptSources {
  /** The primary archive, after the mirror rewrite. */
  primary: string;
  /** The security archive, after the mirror rewrite. */
  security: string;
  /** The sources list cloud-init renders (one-line or deb822, per the family). */
  sourcesList: string;
  /** Source files the image ships that are set aside before cloud-init writes its own. */
  setAside: string[];
}

export interface UserAccount {
  name: string;
  /** System account (no home, nologin) e.g. `etcd`. */
  system: boolean;
  sshAuthorizedKeys: string[];
  groups: string[];
  homeDir?: string;
  shell?: string;
}

export interface StaticNetwork {
  /** Interface name. */
  interface: string;
  /** The NIC's MAC when the inventory gives it: configs match the NIC by MAC, else by name. */
  mac?: string;
  address: string;
  prefixLength: number;
  netmask: string;
  gateway: string;
  nameservers: string[];
  searchDomains: string[];
  mtu?: number;
}

/** One ordered first-boot step: a oneshot unit that does one thing. */
export interface BootStep {
  /** Unit name that implements the step, e.g. `k8s-bootstrap.service`. */
  unit: string;
  description: string;
}

export interface HostConfig {
  hostname: string;
  /** Fully qualified name when a DNS domain is known, else the hostname. */
  fqdn: string;
  /** The OS family (os/registry.ts says what it supports). */
  os: OsId;
  files: HostFile[];
  directories: { path: string; mode: number; user?: string; group?: string }[];
  units: SystemdUnit[];
  packages: string[];
  repositories: PackageRepo[];
  /** apt families: the archive the packages come from. */
  apt?: AptSources;
  users: UserAccount[];
  network: StaticNetwork;
  kernelArguments: string[];
  /** Kernel modules loaded on every boot (also written as a modules-load.d file). */
  kernelModules: string[];
  /** Ordered first-boot steps; each names a unit in `units`. */
  steps: BootStep[];
  /** Settings consumed by installers only (kickstart/PXE): disk, timezone, selinux, root password. */
  install: {
    disk: string;
    timezone: string;
    ntpServers: string[];
    selinux: 'permissive' | 'enforcing' | 'disabled';
    rootPasswordHash?: string;
    /** The OS install tree (BaseOS on EL9), decided once in plan/boot.ts. */
    repo: string;
    /** EL9: the AppStream tree beside BaseOS. */
    appstream?: string;
  };
}
