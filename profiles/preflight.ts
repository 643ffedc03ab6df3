/**
 * Builds every HostConfig once against placeholder PKI material, before anything is issued or
 * written, so that a problem in the user's profiles or pins (an unknown profile, a template that
 * does not render, an artifact that needs a pin) is reported as input error with nothing changed
 * on disk. Profiles only place PKI text into files, so placeholders exercise the same paths.
 */
import { createHash } from 'node:crypto';
import type { ClusterPlan } from '../plan/model.js';
import type { CertKeyPair, ClusterPki } from '../pki/model.js';
import { assemble } from '../pki/assemble.js';
import { pkiCatalog, type LeafEntry, type SingleLeafField } from '../pki/catalog.js';
import { buildHostConfig, type BuildOptions } from './build-host-config.js';
import { checkHostConfig, HostConfigError, type RefusedValue } from '../host/check-host.js';
import { ProfileError } from './errors.js';

function placeholder(name: string): CertKeyPair {
  return {
    cert: `-----BEGIN CERTIFICATE-----\npreflight-${name}\n-----END CERTIFICATE-----\n`,
    key: `-----BEGIN PRIVATE KEY-----\npreflight-${name}\n-----END PRIVATE KEY-----\n`,
  };
}

/** A well-formed report token (43 base64url characters), distinct per host, obviously not random. */
export function placeholderReportToken(host: string): string {
  return createHash('sha256').update(`preflight-report-token-${host}`).digest('base64url');
}

/** `apiserverKubeletClient` -> `apiserver-kubelet-client`. */
function kebab(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Labels the goldens have always carried where the field name says it differently. */
const LABELS: Partial<Record<SingleLeafField, string>> = { flannelEtcdClient: 'flannel' };

function leafLabel(entry: LeafEntry): string {
  const slot = entry.slot;
  switch (slot.kind) {
    case 'single':
      return LABELS[slot.field] ?? kebab(slot.field);
    case 'etcdServer':
      return `server-${slot.member}`;
    case 'etcdPeer':
      return `peer-${slot.member}`;
    case 'kubelet':
      return slot.node;
  }
}

/**
 * The PKI the real store would assemble, in the shape the catalog gives it (kubelet pairs only
 * with static credentials, a bootstrap token only with bootstrap), with placeholder text.
 */
export function placeholderPki(plan: ClusterPlan): ClusterPki {
  const catalog = pkiCatalog(plan);
  const cas = new Map(catalog.cas.map((c) => [c.name, placeholder(c.name.replace('/', '-'))] as const));
  const leaves = catalog.leaves.map((entry) => ({ entry, pair: placeholder(leafLabel(entry)) }));
  const sa = placeholder('sa');
  return assemble(
    catalog,
    cas,
    leaves,
    { publicKeyPem: sa.cert, privateKeyPem: sa.key },
    Buffer.alloc(32).toString('base64'),
    catalog.kubeletCredentials === 'bootstrap' ? { id: 'abcdef', secret: '0123456789abcdef' } : undefined,
    Object.fromEntries(catalog.reportTokenHosts.map((h) => [h, placeholderReportToken(h)])),
  );
}

/**
 * The inventory value a refused SSH key or download URL was written as: the key's own entry under
 * cluster.ssh.authorizedKeys, or the mirror or boot server the URL starts with.
 */
function inventoryPathOf(plan: ClusterPlan, value: RefusedValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  const cluster = plan.inventory.cluster;
  if (value.kind === 'sshKey') {
    const i = cluster.ssh.authorizedKeys.indexOf(value.text);
    return i < 0 ? undefined : `cluster.ssh.authorizedKeys[${i}]`;
  }
  const bases: [string | undefined, string][] = [
    [cluster.artifacts.mirror, 'cluster.artifacts.mirror'],
    [cluster.bootServer, 'cluster.bootServer'],
  ];
  return bases.find(([base]) => base !== undefined && value.text.startsWith(base))?.[1];
}

/**
 * A HostConfig that breaks the contract generators rely on (host/check-host.ts), as the input
 * error it is when an inventory value (placed at that value) or the host's user profiles
 * produced it; a bug in bootforge otherwise.
 */
export function contractError(plan: ClusterPlan, index: number, error: HostConfigError): ProfileError {
  const host = plan.hosts[index];
  const fromInventory = inventoryPathOf(plan, error.value);
  if (fromInventory !== undefined) {
    return new ProfileError(
      'PROFILE_INVALID',
      error.message,
      fromInventory,
      'Fix this value in the inventory: no rendered format can carry it safely.',
    );
  }
  const fromProfiles = host !== undefined && host.spec.profiles.length > 0;
  return new ProfileError(
    'PROFILE_INVALID',
    error.message,
    fromProfiles ? `hosts[${index}].profiles` : `hosts[${index}]`,
    fromProfiles
      ? `Fix the files, units or steps that the profiles in ${plan.inventory.cluster.profilesDir ?? 'cluster.profilesDir'} add to this host.`
      : 'This is a bug in bootforge: please report it with the inventory.',
  );
}

/**
 * Throws the first ProfileError any host would raise, including a HostConfig that breaks the
 * contract generators rely on; returns nothing on success.
 */
export function preflightHostConfigs(plan: ClusterPlan, options: BuildOptions = {}): void {
  const pki = placeholderPki(plan);
  plan.hosts.forEach((host, i) => {
    const config = buildHostConfig(plan, host, pki, options);
    try {
      checkHostConfig(config);
    } catch (error) {
      if (!(error instanceof HostConfigError)) throw error;
      throw contractError(plan, i, error);
    }
  });
}
