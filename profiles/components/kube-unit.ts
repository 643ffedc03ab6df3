/**
 * The one systemd unit of every Kubernetes binary (kube-apiserver, kube-controller-manager,
 * kube-scheduler, kubelet, kube-proxy): `kubernetes/kube-component.service.hbs`, parametrised by
 * the binary's name and description; dependencies from unitDeps, flags already formatted.
 */
import type { SystemdUnit } from '../../host/host-config.js';
import { unit, type UnitDeps } from '../files.js';
import { formatFlag, type Flag } from '../flags/flag.js';
import type { ProfileContext } from '../model.js';
import { BIN_DIR } from '../paths.js';

export const KUBE_UNIT_DESCRIPTIONS = {
  'kube-apiserver': 'Kubernetes API server',
  'kube-controller-manager': 'Kubernetes controller manager',
  'kube-scheduler': 'Kubernetes scheduler',
  kubelet: 'Kubernetes node agent (kubelet)',
  'kube-proxy': 'Kubernetes network proxy',
} as const;

export type KubeBinary = keyof typeof KUBE_UNIT_DESCRIPTIONS;

export function kubeUnit(
  ctx: ProfileContext,
  name: KubeBinary,
  deps: UnitDeps,
  flags: readonly Flag[],
): SystemdUnit {
  return unit(
    `${name}.service`,
    ctx.render('kubernetes/kube-component.service.hbs', {
      ...deps,
      name,
      description: KUBE_UNIT_DESCRIPTIONS[name],
      binary: `${BIN_DIR}/${name}`,
      flags: flags.map(formatFlag),
    }),
  );
}
