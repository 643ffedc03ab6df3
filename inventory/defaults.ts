/**
 * Fills in defaults: first every `default` of the JSON Schema, then the ones that depend on other
 * values (a host's interface and disk, kubelet credentials by Kubernetes version), expands a bare
 * Kubernetes MAJOR.MINOR to its newest known patch, and normalises MAC spelling. Input must have passed inventory/structure.ts.
 */
import { newestPatch } from '../plan/kubernetes-releases.js';
import { kubeMinor } from '../plan/versions.js';
import { normaliseMac } from './mac.js';
import { DEFAULT_INSTALL_METHOD, defaultInstallMethod, type OsFamily } from '../os/family.js';
import { OS_FAMILIES } from '../os/registry.js';
import type { Inventory } from './model.js';
import { inventorySchema, type JsonSchema } from './schema.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deep copy of `value` with the schema's defaults filled in wherever a key is absent. */
export function withSchemaDefaults(value: unknown, schema: JsonSchema): unknown {
  if (Array.isArray(value)) {
    const items = schema.items;
    return items ? value.map((item) => withSchemaDefaults(item, items)) : structuredClone(value);
  }
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const childSchema = schema.properties?.[key];
    out[key] = childSchema ? withSchemaDefaults(child, childSchema) : structuredClone(child);
  }
  for (const [key, childSchema] of Object.entries(schema.properties ?? {})) {
    if (!(key in out) && childSchema.default !== undefined) {
      out[key] = withSchemaDefaults(structuredClone(childSchema.default), childSchema);
    }
  }
  return out;
}

/**
 * The host keys whose default is a cluster key (applyDefaults fills them in from there); what
 * `bootforge explain` reports as the default's source. Checked against applyDefaults by
 * test/inventory/defaults.test.ts.
 */
export const HOST_DEFAULT_FROM: Readonly<Record<'interface' | 'disk' | 'delivery', readonly string[]>> = {
  interface: ['cluster', 'network', 'interface'],
  disk: ['cluster', 'install', 'disk'],
  delivery: ['cluster', 'delivery'],
};

/** How a bare `kubeletCredentials` is decided (applyDefaults), for `bootforge explain`. */
export const KUBELET_CREDENTIALS_DEFAULT = 'bootstrap from Kubernetes 1.24, static below';

/** The typed inventory with every default applied. `document` must be structurally valid. */
export function applyDefaults(document: unknown): Inventory {
  // Structure was checked against the same schema these defaults come from.
  const inventory = withSchemaDefaults(document, inventorySchema) as Inventory;
  const { cluster } = inventory;
  // "1.23" means the newest 1.23 patch bootforge knows; everything downstream sees the release.
  cluster.kubernetes.version = newestPatch(cluster.kubernetes.version) ?? cluster.kubernetes.version;
  cluster.kubernetes.kubeletCredentials ??=
    kubeMinor(cluster.kubernetes.version) >= 24 ? 'bootstrap' : 'static';
  // An unknown os is reported by the rules that run on this result; it gets the plain default.
  const family = (OS_FAMILIES as Readonly<Record<string, OsFamily | undefined>>)[cluster.os];
  cluster.install.method ??= family === undefined ? DEFAULT_INSTALL_METHOD : defaultInstallMethod(family);
  for (const host of inventory.hosts) {
    host.interface ??= cluster.network.interface;
    host.disk ??= cluster.install.disk;
    if (host.mac !== undefined) host.mac = normaliseMac(host.mac) ?? host.mac;
    host.delivery ??= [...cluster.delivery];
  }
  return inventory;
}
