/**
 * Which hosts carry a certificate in their first-boot files (as PEM, or base64 inside a
 * kubeconfig): the hosts whose configs must be delivered again after it was re-issued. Read from
 * the HostConfigs themselves, so it follows keys.ts without a second table.
 */
import type { ClusterPlan } from '../plan/model.js';
import type { ClusterPki } from '../pki/model.js';
import { isRemote } from '../host/host-config.js';
import { buildHostConfig, type BuildOptions } from './build-host-config.js';

export function hostsHolding(
  plan: ClusterPlan,
  pki: ClusterPki,
  certificates: readonly string[],
  options: BuildOptions = {},
): string[] {
  if (certificates.length === 0) return [];
  const needles = certificates.flatMap((pem) => [pem, Buffer.from(pem, 'utf8').toString('base64')]);
  return plan.hosts
    .filter((host) =>
      buildHostConfig(plan, host, pki, options).files.some(
        (f) => !isRemote(f) && needles.some((n) => f.content.includes(n)),
      ),
    )
    .map((h) => h.name);
}
