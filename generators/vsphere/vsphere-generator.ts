/**
 * The `vsphere` format, per host:
 *   hosts/<name>/vsphere/govc.sh               govc vm.change -e guestinfo.* (shell)
 *   hosts/<name>/vsphere/extra_config.tf.json  the same keys for Terraform's extra_config
 * built from the host's cloud-init documents. Both carry the user-data, so they are owner-only
 * when the user-data is.
 */
import type { Diagnostic } from '../../inventory/diagnostic.js';
import type { HostContext } from '../context.js';
import type { Generator, HostRender } from '../generator.js';
import { deliveryPath } from '../../plan/delivery.js';
import { renderGovcScript } from './govc-script.js';
import { buildGuestinfo, oversizedValues, vsphereMetaData, GUESTINFO_VALUE_LIMIT } from './guestinfo.js';
import { renderTerraformExtraConfig } from './terraform.js';

export function renderVsphere(ctx: HostContext): HostRender {
  const host = ctx.host.name;
  const docs = ctx.cloudInit;
  const metadata = vsphereMetaData(
    { instanceId: docs.instanceId, localHostname: host },
    Buffer.from(docs.networkConfig, 'utf8'),
  );
  const info = buildGuestinfo(metadata, Buffer.from(docs.userData, 'utf8'));
  const diagnostics: Diagnostic[] = oversizedValues(info).map(({ key, length }) => ({
    code: 'VSPHERE_GUESTINFO_TOO_LARGE',
    severity: 'warning',
    path: deliveryPath(ctx.plan, ctx.index, 'vsphere'),
    message: `${host}: ${key} is ${length} bytes encoded, over vSphere's ${GUESTINFO_VALUE_LIMIT}-byte limit per guestinfo value`,
    hint: 'Move large files out of user-data (serve them from the boot server) or deliver this host by seed ISO or PXE instead.',
  }));
  return {
    files: [
      {
        path: `hosts/${host}/vsphere/govc.sh`,
        content: renderGovcScript(host, info),
        mode: ctx.secret ? 0o700 : 0o755,
        host,
      },
      {
        path: `hosts/${host}/vsphere/extra_config.tf.json`,
        content: renderTerraformExtraConfig(host, info),
        mode: ctx.mode,
        host,
      },
    ],
    diagnostics,
  };
}

export const vsphereGenerator: Generator = {
  name: 'vsphere',
  delivery: 'vsphere',
  needs: ['cloud-init'],
  host: renderVsphere,
};
