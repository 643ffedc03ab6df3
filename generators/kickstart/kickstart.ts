/**
 * `ks.cfg` for CentOS 7 (`#version=RHEL7`) and EL9 (`#version=RHEL9`), built as a list of command
 * objects plus the %packages and %post sections. %post lays down exactly the users, directories,
 * files and units the other formats carry (generators/shared/lay-down-script.ts), then makes the
 * disk boot first; with the host's report setup, %pre, the end of %post and %onerror report the
 * install (report-hooks.ts).
 */
import type { HostConfig } from '../../host/host-config.js';
import { isRootAccount } from '../shared/accounts.js';
import { layDownOps, renderLayDownScript } from '../shared/lay-down-script.js';
import { repoFile } from '../shared/yum-repo-file.js';
import { arg, command, opt, renderCommand, type KsCommand } from './command.js';
import { installSource } from './install-source.js';
import { kickstartSyntax } from '../shared/kickstart-syntax.js';
import type { KickstartSyntax } from '../../os/family.js';
import { centos7SearchDomainLines, networkCommand } from './network.js';
import { BOOT_DISK_FIRST_FUNCTION, onErrorSection, postTail, preSection } from './report-hooks.js';

export const POST_LOG = '/root/ks-post.log';
export const POST_HEADER = `%post --interpreter=/bin/bash --log=${POST_LOG} --erroronfail`;
export const ROOT_PARTITION_MIB = 10240;

export function kickstartVersion(host: HostConfig): KickstartSyntax {
  return kickstartSyntax(host);
}

/** `sda` for `/dev/sda`; stable paths such as `/dev/disk/by-path/...` stay as they are. */
export function diskName(disk: string): string {
  return /^\/dev\/[^/]+$/.test(disk) ? disk.slice('/dev/'.length) : disk;
}

export function kickstartCommands(host: HostConfig): KsCommand[] {
  const el7 = kickstartSyntax(host) === 'RHEL7';
  const source = installSource(host);
  const { install } = host;
  const disk = diskName(install.disk);
  const cmds: KsCommand[] = [];
  if (el7) cmds.push(command('install'));
  cmds.push(command('text'), command('url', opt('--url', source.tree)));
  if (source.appstream !== undefined) {
    cmds.push(command('repo', opt('--name', 'AppStream'), opt('--baseurl', source.appstream)));
  }
  for (const repo of host.repositories) {
    cmds.push(command('repo', opt('--name', repo.id), opt('--baseurl', repo.baseurl)));
  }
  cmds.push(command('lang', arg('en_US.UTF-8')));
  cmds.push(command('keyboard', opt('--vckeymap', 'us'), opt('--xlayouts', 'us')));
  if (el7) {
    const ntp = install.ntpServers.length > 0 ? [opt('--ntpservers', install.ntpServers.join(','))] : [];
    cmds.push(command('timezone', opt('--utc'), arg(install.timezone), ...ntp));
    cmds.push(command('authconfig', opt('--enableshadow'), opt('--passalgo', 'sha512')));
  } else {
    cmds.push(command('timezone', arg(install.timezone), opt('--utc')));
    for (const server of install.ntpServers) cmds.push(command('timesource', opt('--ntp-server', server)));
  }
  // Root logs in with SSH keys only; with a hash, the password works on the console (no --allow-ssh).
  cmds.push(
    install.rootPasswordHash === undefined
      ? command('rootpw', opt('--lock'))
      : command('rootpw', opt('--iscrypted'), arg(install.rootPasswordHash)),
  );
  for (const key of host.users.find(isRootAccount)?.sshAuthorizedKeys ?? []) {
    cmds.push(command('sshkey', opt('--username', 'root'), arg(key)));
  }
  cmds.push(networkCommand(host.network, host.hostname, kickstartSyntax(host)));
  cmds.push(command('selinux', opt(`--${install.selinux}`)));
  // The profiles open role ports with their own unit, the same on every format; the installer only
  // leaves firewalld on when the host installs it (open ports), else off as the profiles expect.
  cmds.push(
    host.packages.includes('firewalld')
      ? command('firewall', opt('--enabled'), opt('--ssh'))
      : command('firewall', opt('--disabled')),
  );
  cmds.push(command('firstboot', opt('--disabled')), command('skipx'));
  cmds.push(command('ignoredisk', opt('--only-use', disk)), command('zerombr'));
  cmds.push(command('clearpart', opt('--all'), opt('--initlabel'), opt('--drives', disk)));
  const append = host.kernelArguments.length > 0 ? [opt('--append', host.kernelArguments.join(' '))] : [];
  cmds.push(command('bootloader', opt('--location', 'mbr'), opt('--boot-drive', disk), ...append));
  // No swap: kubelet refuses to run with swap on. reqpart adds /boot and biosboot or /boot/efi.
  cmds.push(command('reqpart', opt('--add-boot')));
  cmds.push(
    command(
      'part',
      arg('/'),
      opt('--fstype', 'xfs'),
      opt('--size', String(ROOT_PARTITION_MIB)),
      opt('--grow'),
      opt('--ondisk', disk),
    ),
  );
  cmds.push(command('reboot'));
  return cmds;
}

export function postScript(host: HostConfig): string {
  const script = renderLayDownScript(layDownOps(host, host.repositories.map(repoFile)));
  const network = kickstartSyntax(host) === 'RHEL7' ? centos7SearchDomainLines(host.network) : [];
  const withNetwork = network.length > 0 ? `${script}\n${network.join('\n')}\n` : script;
  return `${BOOT_DISK_FIRST_FUNCTION}\n${withNetwork}\n${postTail(host).join('\n')}\n`;
}

export function renderKickstart(host: HostConfig): string {
  const pre = preSection(host);
  const onError = onErrorSection(host, POST_LOG);
  const lines = [
    `#version=${kickstartVersion(host)}`,
    `# bootforge: ${host.hostname} (${host.os}). Generated; edit the inventory or profiles instead.`,
    ...kickstartCommands(host).map(renderCommand),
    '',
    ...(pre !== undefined ? [...pre, ''] : []),
    '%packages',
    '@core',
    ...host.packages,
    '%end',
    '',
    POST_HEADER,
    postScript(host).trimEnd(),
    '%end',
    ...(onError !== undefined ? ['', ...onError] : []),
  ];
  return `${lines.join('\n')}\n`;
}
