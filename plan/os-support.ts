/**
 * What an OS family cannot do, as diagnostics: a runtime, firewall mode or PXE install path the
 * family has no way to set up, and formats asked for by name (`generate --only`) that cannot
 * configure it. `validate` and `generate` both report these before anything is written.
 */
import type { Diagnostic } from '../inventory/diagnostic.js';
import type { ClusterPlan } from './model.js';
import { atLeast } from './versions.js';
import { DEFAULT_INSTALL_METHOD } from '../os/family.js';
import type { OsCode } from '../os/codes.js';
import { osFamily } from '../os/registry.js';

function error(path: string, code: OsCode, message: string, hint: string): Diagnostic {
  return { code, severity: 'error', path, message, hint };
}

/**
 * `requested`: the formats named by the user (before closing over their needs), or none for a
 * default run, which renders only what each host's family supports.
 */
export function osSupportDiagnostics(plan: ClusterPlan, requested: readonly string[] = []): Diagnostic[] {
  const cluster = plan.inventory.cluster;
  const family = osFamily(cluster.os);
  const found: Diagnostic[] = [];
  const runsRuntime = plan.inventory.hosts.some((h) => h.roles.includes('node'));
  const source = family.runtimes[cluster.runtime];
  if (runsRuntime && source === undefined) {
    const others = Object.keys(family.runtimes);
    found.push(
      error(
        'cluster.runtime',
        'UNSUPPORTED_OS_RUNTIME',
        `${family.title} has no source for the ${cluster.runtime} runtime`,
        others.length > 0 ? `use runtime: ${others.join(' or ')}` : 'choose another os',
      ),
    );
  } else if (runsRuntime && source === 'release-tarball' && !atLeast(plan.versions.containerd, '2.0.0')) {
    found.push(
      error(
        'cluster.versions.containerd',
        'UNSUPPORTED_OS_RUNTIME',
        `${family.title} gets containerd from its release tarball, which bootforge installs from 2.0 on; the plan picks ${plan.versions.containerd}`,
        "pin cluster.versions.containerd: '2.1.3' (or newer), or use a Kubernetes version whose default containerd is 2.x",
      ),
    );
  }
  if (cluster.install.firewall === 'open-ports' && family.firewall === 'none') {
    found.push(
      error(
        'cluster.install.firewall',
        'UNSUPPORTED_OS_FIREWALL',
        `${family.title} has no host firewall bootforge manages, so it cannot open role ports`,
        'set install.firewall: disabled (the default) and filter traffic outside the hosts',
      ),
    );
  }
  // A family without a PXE install path ignores the default method, but not one asked for.
  const method = cluster.install.method;
  const methods = family.installMethods;
  if (!methods.includes(method) && (methods.length > 0 || method !== DEFAULT_INSTALL_METHOD)) {
    found.push(
      error(
        'cluster.install.method',
        'UNSUPPORTED_INSTALL_METHOD',
        `${family.title} cannot be installed through the ${method} path`,
        methods.length > 0
          ? `use install.method: ${methods.join(' or ')}`
          : `${family.title} has no PXE install path: remove install.method and deliver its hosts by iso, vsphere, cloud or bundle`,
      ),
    );
  }
  const refused = requested.filter((f) => !family.formats.includes(f));
  if (refused.length > 0) {
    found.push(
      error(
        'cluster.os',
        'UNSUPPORTED_OS_FORMAT',
        `${refused.join(', ')} cannot configure ${family.title} hosts`,
        `${family.title} takes: ${family.formats.join(', ')}`,
      ),
    );
  }
  return found;
}
