/**
 * containerd with the flannel CNI plugin: containerd.io from the docker-ce repository for 1.x
 * (config version 2), the release tarball plus runc for 2.x (config version 3); the CNI plugins
 * and flannel's conflist.
 */
import type { SystemdUnit } from '../../host/host-config.js';
import { packagedUnit, textFile, unit, unitDeps } from '../files.js';
import { pauseImage } from '../flags/kubelet.js';
import type { Contribution, ProfileContext } from '../model.js';
import { BIN_DIR, CNI_BIN, CNI_CONF } from '../paths.js';
import { dockerCeRepo } from '../repos.js';
import { containerdFromPackage } from '../roles.js';
import { bare } from '../../plan/versions.js';

/** flannel's CNI config (flannel-io/flannel Documentation/kube-flannel.yml). */
export function flannelConflist(): string {
  const conflist = {
    name: 'cbr0',
    cniVersion: '0.3.1',
    plugins: [
      { type: 'flannel', delegate: { hairpinMode: true, isDefaultGateway: true } },
      { type: 'portmap', capabilities: { portMappings: true } },
    ],
  };
  return `${JSON.stringify(conflist, null, 2)}\n`;
}

/** containerd.service from the containerd.io package, started after the host preparation. */
export function packagedContainerd(ctx: ProfileContext): SystemdUnit {
  return packagedUnit('containerd.service', [
    { name: '10-bootforge.conf', contents: ctx.render('containerd/10-bootforge.conf.hbs', {}) },
  ]);
}

export function containerdComponent(ctx: ProfileContext): Contribution {
  const version = bare(ctx.plan.versions.containerd);
  const packaged = containerdFromPackage(ctx.plan);
  const config = ctx.render(packaged ? 'containerd/config-v2.toml.hbs' : 'containerd/config-v3.toml.hbs', {
    containerdVersion: version,
    sandboxImage: pauseImage(ctx),
    cniBinDir: CNI_BIN,
    cniConfDir: CNI_CONF,
  });
  const files = [
    textFile('/etc/containerd/config.toml', config),
    textFile(`${CNI_CONF}/10-flannel.conflist`, flannelConflist()),
  ];
  const directories = [
    { path: CNI_BIN, mode: 0o755 },
    { path: CNI_CONF, mode: 0o755 },
  ];
  if (packaged) {
    return {
      source: 'containerd',
      repositories: [dockerCeRepo(ctx.cluster.artifacts.mirror)],
      packages: [`containerd.io-${version}`],
      files,
      directories,
      units: [packagedContainerd(ctx)],
    };
  }
  const deps = unitDeps(ctx);
  return {
    source: 'containerd',
    files,
    directories,
    units: [
      unit(
        'containerd.service',
        ctx.render('containerd/containerd.service.hbs', { ...deps, binary: `${BIN_DIR}/containerd` }),
      ),
    ],
  };
}
