/**
 * Which hosts carry a certificate in their first-boot files (as PEM, or base64 inside a
 * kubeconfig): the hosts whose configs must be delivered again after it was re-issued. Read from
 * the HostConfigs themselves, so it follows keys.ts without a second table.
 */
import type { ClusterPlan } from '../plan/model.js';
import type { ClusterPki } from '../pki/model.js';
import { pairOf } from '../pki/assemble.js';
import type { LeafSlot } from '../pki/catalog.js';
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

/**
 * The hosts whose first-boot files carry the leaves in these slots, whatever their current
 * bytes: each slot of a copy of `pki` gets a distinct marker in place of its certificate, and the
 * hosts whose files carry a marker are the holders. Works on any PKI of the right shape (the
 * issued one, or an in-memory look-alike for a dry run, whose leaves of one shape share bytes).
 */
export function hostsHoldingLeaves(
  plan: ClusterPlan,
  pki: ClusterPki,
  slots: readonly LeafSlot[],
  options: BuildOptions = {},
): string[] {
  if (slots.length === 0) return [];
  const marked = structuredClone(pki);
  const markers = slots.map((slot, index) => {
    const marker = `-----BEGIN CERTIFICATE-----\nbootforge-holder-marker-${index}\n-----END CERTIFICATE-----\n`;
    const pair = pairOf(marked, slot);
    if (pair) pair.cert = marker;
    return marker;
  });
  return hostsHolding(plan, marked, markers, options);
}
