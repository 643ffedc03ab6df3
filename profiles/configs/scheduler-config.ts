/** KubeSchedulerConfiguration with the API version the minor serves. */
import { schedulerConfigApiVersion } from '../flags/kube-scheduler.js';
import type { ProfileContext } from '../model.js';
import { PATHS } from '../paths.js';
import { toYaml } from '../yaml.js';

export function schedulerConfigYaml(ctx: ProfileContext): string {
  return toYaml({
    apiVersion: schedulerConfigApiVersion(ctx.minor),
    kind: 'KubeSchedulerConfiguration',
    clientConnection: { kubeconfig: PATHS.schedulerConf },
    leaderElection: { leaderElect: true },
  });
}
