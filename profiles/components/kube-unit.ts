/**
 * The one systemd unit of every Kubernetes binary (kube-apiserver, kube-controller-manager,
 * kube-scheduler, kubelet, kube-proxy): `kubernetes/kube-component.service.hbs`, parametrised by
 * the binary's name and description; dependencies from unitDeps, flags already formatted. A user
 * template at `kubernetes/<binary>.service.hbs` (the path each unit had before they became one)
 * still replaces that one unit, with the same variables.
 */
import type { SystemdUnit } from '../../host/host-config.js';
import { unit, type UnitDeps } from '../files.js';
import { formatFlag, type Flag } from '../flags/flag.js';
import type { ProfileContext } from '../model.js';

export const KUBE_UNIT_DESCRIPTIONS = {
  'kube-apiserver': 'Kubernetes API server',
  'kube-controller-manager': 'Kubernetes controller manager',
  'kube-scheduler': 'Kubernetes scheduler',
  kubelet: 'Kubernetes node agent (kubelet)',
  'kube-proxy': 'Kubernetes network proxy',
} as const;

export type KubeBinary = keyof typeof KUBE_UNIT_DESCRIPTIONS;

function ownTemplate(ctx: ProfileContext, name: KubeBinary): string | undefined {
  const path = `kubernetes/${name}.service.hbs`;
  return ctx.templates.has(path) ? path : undefined;
}

export function kubeUnit(
  ctx: ProfileContext,
  name: KubeBinary,
  deps: UnitDeps,
  flags: readonly Flag[],
): SystemdUnit {
  return unit(
    `${name}.service`,
    ctx.render(ownTemplate(ctx, name) ?? 'kubernetes/kube-component.service.hbs', {
      ...deps,
      name,
      description: KUBE_UNIT_DESCRIPTIONS[name],
      binary: `${ctx.family.binDir}/${name}`,
      flags: flags.map(formatFlag),
    }),
  );
}
