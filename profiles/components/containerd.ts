/**
 * containerd with the flannel CNI plugin: containerd.io from the docker-ce repository for 1.x
 * (config version 2), the release tarball plus runc for 2.x (config version 3); the CNI plugins
 * and flannel's conflist.
 */
import type { SystemdUnit } from '../../host/host-config.js';
import { packagedUnit, textFile, unit, unitDeps } from '../files.js';
import { pauseImage } from '../flags/kubelet.js';
import type { Contribution, ProfileContext } from '../model.js';
import { CNI_BIN, CNI_CONF } from '../paths.js';
import { dockerCeRepo } from '../repos.js';
import { containerdFromPackage, containerdShipped } from '../roles.js';
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
  const shipped = containerdShipped(ctx.plan) ? ctx.family.shippedContainerd : undefined;
  // The OS's containerd may be 1.7 or 2.x: config version 2 is read by both (2.x migrates it).
  if (containerdShipped(ctx.plan) && shipped === undefined)
    throw new Error(`${ctx.family.title} ships containerd but names no shippedContainerd.execStart`);
  const v2 = packaged || shipped !== undefined;
  const config = ctx.render(v2 ? 'containerd/config-v2.toml.hbs' : 'containerd/config-v3.toml.hbs', {
    containerdVersion: shipped !== undefined ? `(${ctx.family.title}'s own)` : version,
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
  if (shipped !== undefined) {
    return {
      source: 'containerd',
      files,
      directories,
      units: [
        packagedUnit('containerd.service', [
          { name: '10-bootforge.conf', contents: ctx.render('containerd/10-bootforge.conf.hbs', {}) },
          {
            name: '20-shipped-config.conf',
            contents: ctx.render('containerd/20-shipped-config.conf.hbs', { execStart: shipped.execStart }),
          },
        ]),
      ],
    };
  }
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
        ctx.render('containerd/containerd.service.hbs', {
          ...deps,
          binary: `${ctx.family.binDir}/containerd`,
        }),
      ),
    ],
  };
}
