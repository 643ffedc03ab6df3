/**
 * docker-ce from the docker-ce repository, wired to flannel: docker0 gets flanneld's subnet through
 * --bip (drop-in 40-flannel.conf) and the systemd cgroup driver to match kubelet.
 */
import { packagedUnit, textFile } from '../files.js';
import type { Contribution, ProfileContext } from '../model.js';
import { dockerCeRepo } from '../repos.js';
import { bare } from '../../plan/versions.js';
import { packagedContainerd } from './containerd.js';
import { DOCKER_OPTS_FILE } from './flannel.js';

export function dockerComponent(ctx: ProfileContext): Contribution {
  const v = ctx.plan.versions;
  if (v.docker === undefined) throw new Error('plan has no docker version although the runtime is docker');
  const daemon = {
    'exec-opts': ['native.cgroupdriver=systemd'],
    'log-driver': 'json-file',
    'log-opts': { 'max-size': '100m', 'max-file': '3' },
    'storage-driver': 'overlay2',
  };
  const docker = packagedUnit('docker.service', [
    {
      name: '40-flannel.conf',
      contents: ctx.render('docker/40-flannel.conf.hbs', { envFile: DOCKER_OPTS_FILE }),
    },
  ]);
  return {
    source: 'docker',
    repositories: [dockerCeRepo(ctx.cluster.artifacts.mirror)],
    packages: [
      `docker-ce-${bare(v.docker)}`,
      `docker-ce-cli-${bare(v.docker)}`,
      `containerd.io-${bare(v.containerd)}`,
    ],
    files: [textFile('/etc/docker/daemon.json', `${JSON.stringify(daemon, null, 2)}\n`)],
    units: [docker, packagedContainerd(ctx)],
  };
}
