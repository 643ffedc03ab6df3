/**
 * `extra_config.tf.json`: the same keys as a Terraform local, for
 * `vsphere_virtual_machine { extra_config = local.bootforge_<host>_guestinfo }`.
 */
import { extraConfig, type Guestinfo } from './guestinfo.js';

export function terraformLocalName(host: string): string {
  return `bootforge_${host.replace(/[^A-Za-z0-9_]/g, '_')}_guestinfo`;
}

export function renderTerraformExtraConfig(host: string, info: Guestinfo): string {
  const doc = {
    '//': `bootforge: cloud-init guestinfo for ${host}; use as extra_config = local.${terraformLocalName(host)}`,
    locals: { [terraformLocalName(host)]: Object.fromEntries(extraConfig(info)) },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
