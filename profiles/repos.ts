/** Package repositories hosts install from (yum/dnf on EL). */
import type { PackageRepo } from '../host/host-config.js';
import { mirrorUrl } from './artifacts.js';

/** docker-ce repository: docker-ce and containerd.io on EL. */
export function dockerCeRepo(mirror: string | undefined): PackageRepo {
  return {
    id: 'docker-ce-stable',
    name: 'Docker CE Stable - $basearch',
    baseurl: mirrorUrl('https://download.docker.com/linux/centos/$releasever/$basearch/stable', mirror),
    gpgkey: mirrorUrl('https://download.docker.com/linux/centos/gpg', mirror),
    gpgcheck: true,
  };
}
