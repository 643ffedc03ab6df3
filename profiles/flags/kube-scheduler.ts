/** kube-scheduler flags and the KubeSchedulerConfiguration API version for the rendered minor. */
import type { ProfileContext } from '../model.js';
import { PATHS } from '../paths.js';
import { checkFlags, flags, type Flag } from './flag.js';

/**
 * kubescheduler.config.k8s.io versions (KEP-785): v1beta1 1.19-1.22, v1beta2 1.22-1.27,
 * v1beta3 1.23-1.28, v1 from 1.25. We pick the newest one served by each minor.
 */
export function schedulerConfigApiVersion(minor: number): string {
  if (minor >= 25) return 'kubescheduler.config.k8s.io/v1';
  if (minor >= 23) return 'kubescheduler.config.k8s.io/v1beta3';
  if (minor === 22) return 'kubescheduler.config.k8s.io/v1beta2';
  return 'kubescheduler.config.k8s.io/v1beta1';
}

export function kubeSchedulerFlags(ctx: ProfileContext): readonly Flag[] {
  return checkFlags(
    'kube-scheduler',
    ctx.minor,
    flags(
      ['config', PATHS.schedulerConfig],
      ['authentication-kubeconfig', PATHS.schedulerConf],
      ['authorization-kubeconfig', PATHS.schedulerConf],
      ['bind-address', '127.0.0.1'],
      ctx.minor < 24 && ['port', '0'],
      ['v', '2'],
    ),
  );
}
