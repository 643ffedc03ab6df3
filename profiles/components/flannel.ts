/**
 * flanneld on masters and nodes (etcd backend). On docker nodes it also turns its lease into
 * docker's --bip/--mtu (ExecStartPost), so docker0 carries the host's flannel subnet.
 */
import type { InlineFile } from '../../host/host-config.js';
import { scriptFile, unit, unitDeps } from '../files.js';
import { formatFlag } from '../flags/flag.js';
import { flanneldFlags } from '../flags/flanneld.js';
import type { Contribution, FirewallPort, ProfileContext } from '../model.js';
import { FLANNEL_PKI } from '../paths.js';

export const DOCKER_OPTS_FILE = '/run/flannel/docker';
const dockerOptsScript = (ctx: ProfileContext): string => `${ctx.family.scriptDir}/flannel-docker-opts.sh`;

/** Does this host wire docker0 to flannel (docker runtime on a node)? */
export function wiresDocker(ctx: ProfileContext): boolean {
  return ctx.host.runsKubelet && ctx.plan.runtime.name === 'docker';
}

export function flannelPorts(ctx: ProfileContext): FirewallPort[] {
  switch (ctx.plan.flannel.backend) {
    case 'vxlan':
      return ['8472/udp'];
    case 'udp':
      return ['8285/udp'];
    case 'host-gw':
      return [];
  }
}

export function flanneldComponent(ctx: ProfileContext): Contribution {
  const docker = wiresDocker(ctx);
  const deps = unitDeps(ctx, { after: ['etcd.service'] });
  const files: InlineFile[] = [];
  if (docker) {
    files.push(
      scriptFile(
        dockerOptsScript(ctx),
        ctx.render('flannel/flannel-docker-opts.sh.hbs', {
          subnetEnv: '/run/flannel/subnet.env',
          output: DOCKER_OPTS_FILE,
        }),
      ),
    );
  }
  return {
    source: 'flanneld',
    files,
    directories: [{ path: FLANNEL_PKI, mode: 0o755 }],
    units: [
      unit(
        'flanneld.service',
        ctx.render('flannel/flanneld.service.hbs', {
          ...deps,
          before: docker ? 'docker.service' : ctx.host.runsKubelet ? 'kubelet.service' : '',
          binary: `${ctx.family.binDir}/flanneld`,
          flags: flanneldFlags(ctx).map(formatFlag),
          dockerOptsScript: docker ? dockerOptsScript(ctx) : '',
        }),
      ),
    ],
    firewallPorts: flannelPorts(ctx),
  };
}
