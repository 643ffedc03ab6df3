/**
 * `#cloud-config` user-data for one prepared HostConfig, built as an object and dumped as YAML.
 *
 * Module order matters on cloud-init 19.4 (CentOS 7): bootcmd runs first (it reports
 * `installing`, report-hooks.ts), write_files before users-groups, so files are written root-owned
 * with their final mode, and runcmd (final stage, after users exist) fixes owners, creates
 * directories, reloads systemd, enables the units, starts them and reports `installed`.
 */
import type { HostConfig, InlineFile } from '../../host/host-config.js';
import { isRemote } from '../../host/host-config.js';
import { accountSettings, isRootAccount } from '../shared/accounts.js';
import { octalMode } from '../shared/file-mode.js';
import { isRootOwned, ownerOf } from '../shared/ownership.js';
import { shellCommand } from '../shared/shell-quote.js';
import { unitAsFiles } from '../shared/systemd-paths.js';
import { toYaml } from '../shared/yaml.js';
import { reportBootcmd, reportInstalledCommand } from './report-hooks.js';
import { centos7Repos } from '../../plan/boot.js';
import { osFamily } from '../../os/registry.js';
import { aptModule, setAsideImageSources } from './apt.js';

export const CLOUD_CONFIG_HEADER = '#cloud-config';

/** CentOS 7's signing key, installed with centos-release on every CentOS 7 image. */
export const CENTOS7_GPG_KEY = 'file:///etc/pki/rpm-gpg/RPM-GPG-KEY-CentOS-7';

/**
 * bootcmd (init stage, before yum_repos and packages) on CentOS 7: the image's CentOS-*.repo files
 * name the retired mirrorlist.centos.org; set them aside so yum uses the vault (centos7Repos).
 */
export const CENTOS7_DISABLE_STOCK_REPOS =
  'for f in /etc/yum.repos.d/CentOS-*.repo; do if [ -e "$f" ]; then mv -f "$f" "$f.disabled"; fi; done';

interface WriteFile {
  path: string;
  permissions: string;
  encoding?: 'b64';
  content: string;
}

/** Text cloud-init's YAML parser round-trips exactly as a plain string; anything else goes base64. */
const PLAIN_TEXT = /^[\t\n\x20-\x7e]*$/;

export function writeFileEntry(file: InlineFile): WriteFile {
  const permissions = octalMode(file.mode);
  if (PLAIN_TEXT.test(file.content)) return { path: file.path, permissions, content: file.content };
  return {
    path: file.path,
    permissions,
    encoding: 'b64',
    content: Buffer.from(file.content, 'utf8').toString('base64'),
  };
}

/** Files cloud-init writes itself: inline files, then every unit file and drop-in. */
export function cloudInitFiles(host: HostConfig): InlineFile[] {
  const inline = host.files.filter((f): f is InlineFile => !isRemote(f));
  return [...inline, ...host.units.flatMap(unitAsFiles)];
}

/** The runcmd commands as argv lists; `renderUserData` writes each as one shell-quoted line. */
export function runcmd(host: HostConfig): string[][] {
  const commands: string[][] = [];
  for (const dir of host.directories) {
    const owner = ownerOf(dir);
    commands.push(['mkdir', '-p', dir.path]);
    commands.push(['chmod', octalMode(dir.mode), dir.path]);
    commands.push(['chown', `${owner.user}:${owner.group}`, dir.path]);
  }
  for (const file of host.files) {
    if (isRemote(file) || isRootOwned(file)) continue;
    const owner = ownerOf(file);
    commands.push(['chown', `${owner.user}:${owner.group}`, file.path]);
  }
  // Early-boot services already ran before cloud-init wrote their configuration: apply it now.
  if (host.kernelModules.length > 0) commands.push(['modprobe', '-a', ...host.kernelModules]);
  if (host.files.some((f) => f.path.startsWith('/etc/sysctl.d/'))) commands.push(['sysctl', '--system']);
  // Kernel arguments take effect from the next boot, as they do after a kickstart install.
  if (host.kernelArguments.length > 0) {
    commands.push(['grubby', '--update-kernel=ALL', `--args=${host.kernelArguments.join(' ')}`]);
  }
  commands.push(['systemctl', 'daemon-reload']);
  const startOrder = unitsToStart(host);
  if (startOrder.length > 0) {
    commands.push(['systemctl', 'enable', ...host.units.filter((u) => u.enabled).map((u) => u.name)]);
    commands.push(['systemctl', 'start', '--no-block', ...startOrder]);
  }
  const installed = reportInstalledCommand(host);
  if (installed !== undefined) commands.push(installed);
  return commands;
}

/** The first-boot steps in order, then every other enabled unit by name; systemd ordering does the rest. */
export function unitsToStart(host: HostConfig): string[] {
  const steps = host.steps.map((s) => s.unit);
  const rest = host.units.filter((u) => u.enabled && !steps.includes(u.name)).map((u) => u.name);
  return [...new Set([...steps, ...rest])];
}

export function userDataDocument(host: HostConfig): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  // An image whose repositories are retired (CentOS 7's mirrorlist) installs from the same tree as
  // kickstart.
  const osRepos =
    osFamily(host.os).imageRepos === 'retired'
      ? centos7Repos(host.install.repo).map((r) => ({ ...r, gpgcheck: true, gpgkey: CENTOS7_GPG_KEY }))
      : [];
  const aptSetAside = host.apt !== undefined ? setAsideImageSources(host.apt) : undefined;
  const bootcmd = [
    ...reportBootcmd(host),
    ...(osRepos.length > 0 ? [CENTOS7_DISABLE_STOCK_REPOS] : []),
    ...(aptSetAside !== undefined ? [aptSetAside] : []),
  ];
  if (bootcmd.length > 0) doc['bootcmd'] = bootcmd;
  if (host.users.some((u) => u.name === 'root')) doc['disable_root'] = false;
  doc['users'] = host.users.map((user) => {
    if (isRootAccount(user)) {
      // As kickstart's `rootpw --lock` / `rootpw --iscrypted`: root logs in by key only, unless the
      // inventory gives a password hash.
      const hash = host.install.rootPasswordHash;
      return {
        name: user.name,
        lock_passwd: hash === undefined,
        ...(hash !== undefined ? { hashed_passwd: hash } : {}),
        // cloud-init's schema refuses an empty list: no keys, no key.
        ...(user.sshAuthorizedKeys.length > 0 ? { ssh_authorized_keys: [...user.sshAuthorizedKeys] } : {}),
      };
    }
    const settings = accountSettings(user);
    const entry: Record<string, unknown> = { name: user.name };
    if (user.system) entry['system'] = true;
    if (!settings.createHome) entry['no_create_home'] = true;
    if (settings.homeDir !== undefined) entry['homedir'] = settings.homeDir;
    if (settings.shell !== undefined) entry['shell'] = settings.shell;
    if (user.groups.length > 0) entry['groups'] = user.groups.join(',');
    entry['lock_passwd'] = true;
    if (user.sshAuthorizedKeys.length > 0) entry['ssh_authorized_keys'] = [...user.sshAuthorizedKeys];
    return entry;
  });
  if (host.apt !== undefined) doc['apt'] = aptModule(host.apt);
  const repositories = [...osRepos, ...host.repositories];
  if (repositories.length > 0) {
    const repos: Record<string, unknown> = {};
    for (const repo of repositories) {
      repos[repo.id] = {
        name: repo.name,
        baseurl: repo.baseurl,
        enabled: true,
        gpgcheck: repo.gpgcheck,
        ...(repo.gpgkey !== undefined ? { gpgkey: repo.gpgkey } : {}),
      };
    }
    doc['yum_repos'] = repos;
  }
  if (host.packages.length > 0) doc['packages'] = [...host.packages];
  doc['write_files'] = cloudInitFiles(host).map(writeFileEntry);
  // One line per command: cloud-init runs them with /bin/sh, in order, after users and packages exist.
  doc['runcmd'] = runcmd(host).map(shellCommand);
  return doc;
}

export function renderUserData(host: HostConfig): string {
  return `${CLOUD_CONFIG_HEADER}\n${toYaml(userDataDocument(host))}`;
}
