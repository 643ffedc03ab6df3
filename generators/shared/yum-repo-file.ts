/** A yum/dnf `.repo` file for a PackageRepo, as written by kickstart %post and Ignition. */
import type { InlineFile, PackageRepo } from '../../host/host-config.js';

export function repoFilePath(repo: PackageRepo): string {
  return `/etc/yum.repos.d/${repo.id}.repo`;
}

export function repoFileContent(repo: PackageRepo): string {
  const lines = [
    `[${repo.id}]`,
    `name=${repo.name}`,
    `baseurl=${repo.baseurl}`,
    'enabled=1',
    `gpgcheck=${repo.gpgcheck ? 1 : 0}`,
  ];
  if (repo.gpgkey !== undefined) lines.push(`gpgkey=${repo.gpgkey}`);
  return `${lines.join('\n')}\n`;
}

export function repoFile(repo: PackageRepo): InlineFile {
  return { path: repoFilePath(repo), mode: 0o644, content: repoFileContent(repo), secret: false };
}
