/**
 * cri-dockerd (docker with Kubernetes >= 1.24): the CRI shim that now owns the dockershim flags.
 * `--network-plugin=` (empty) keeps pods on docker0, which flannel re-addresses (see docker.ts).
 */
import { unit, unitDeps } from '../files.js';
import { flags, formatFlag } from '../flags/flag.js';
import { pauseImage } from '../flags/kubelet.js';
import type { Contribution, ProfileContext } from '../model.js';

export function criDockerdComponent(ctx: ProfileContext): Contribution {
  const deps = unitDeps(ctx);
  const cliFlags = flags(
    ['container-runtime-endpoint', 'fd://'],
    ['network-plugin', ''],
    ['pod-infra-container-image', pauseImage(ctx)],
  );
  return {
    source: 'cri-dockerd',
    units: [
      unit('cri-docker.socket', ctx.render('cri-dockerd/cri-docker.socket.hbs', {})),
      unit(
        'cri-docker.service',
        ctx.render('cri-dockerd/cri-docker.service.hbs', {
          wants: deps.wants,
          after: deps.after,
          binary: `${ctx.family.binDir}/cri-dockerd`,
          flags: cliFlags.map(formatFlag),
        }),
      ),
    ],
  };
}
