/** The master's control plane: kube-apiserver, kube-controller-manager, kube-scheduler. */
import { textFile, unitDeps } from '../files.js';
import type { Flag } from '../flags/flag.js';
import { kubeApiserverFlags } from '../flags/kube-apiserver.js';
import { kubeControllerManagerFlags } from '../flags/kube-controller-manager.js';
import { kubeSchedulerFlags } from '../flags/kube-scheduler.js';
import { schedulerConfigYaml } from '../configs/scheduler-config.js';
import type { Contribution, ProfileContext } from '../model.js';
import { K8S_PKI, PATHS } from '../paths.js';
import { kubeUnit, type KubeBinary } from './kube-unit.js';
import { APISERVER_PORT } from '../../plan/plan-cluster.js';

function service(
  ctx: ProfileContext,
  name: KubeBinary,
  flags: readonly Flag[],
  after: string[] = [],
): Contribution['units'] {
  return [kubeUnit(ctx, name, unitDeps(ctx, { after }), flags)];
}

export function kubeApiserverComponent(ctx: ProfileContext): Contribution {
  return {
    source: 'kube-apiserver',
    directories: [{ path: K8S_PKI, mode: 0o755 }],
    units: service(ctx, 'kube-apiserver', kubeApiserverFlags(ctx), ['etcd.service', 'flanneld.service']),
    firewallPorts: [`${APISERVER_PORT}/tcp`],
  };
}

export function kubeControllerManagerComponent(ctx: ProfileContext): Contribution {
  return {
    source: 'kube-controller-manager',
    units: service(ctx, 'kube-controller-manager', kubeControllerManagerFlags(ctx), [
      'kube-apiserver.service',
    ]),
  };
}

export function kubeSchedulerComponent(ctx: ProfileContext): Contribution {
  return {
    source: 'kube-scheduler',
    files: [textFile(PATHS.schedulerConfig, schedulerConfigYaml(ctx))],
    units: service(ctx, 'kube-scheduler', kubeSchedulerFlags(ctx), ['kube-apiserver.service']),
  };
}
