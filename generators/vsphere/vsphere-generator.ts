/**
 * The `vsphere` format, per host:
 *   hosts/<name>/vsphere/govc.sh               govc vm.change -e guestinfo.* (shell)
 *   hosts/<name>/vsphere/extra_config.tf.json  the same keys for Terraform's extra_config
 * built from the cloud-init generator's user-data, meta-data and network-config.
 * Both carry the user-data, so they are owner-only when the user-data is.
 */
import type { Diagnostic } from '../../inventory/diagnostic.js';
import type { Generator, GeneratorInput, OutputFile } from '../generator.js';
import { renderGovcScript } from './govc-script.js';
import {
  buildGuestinfo,
  oversizedValues,
  vsphereMetaData,
  GUESTINFO_VALUE_LIMIT,
  type Guestinfo,
} from './guestinfo.js';
import { renderTerraformExtraConfig } from './terraform.js';
import { isSecretMode, toBytes, toText } from '../../emit/manifest.js';

interface HostGuestinfo {
  host: string;
  info: Guestinfo;
  private: boolean;
}

function hostGuestinfo(input: GeneratorInput): HostGuestinfo[] {
  const byPath = new Map(input.produced.map((f) => [f.path, f]));
  return input.hosts.map((h) => {
    const dir = `hosts/${h.hostname}`;
    const userData = byPath.get(`${dir}/user-data`);
    const metaData = byPath.get(`${dir}/meta-data`);
    if (userData === undefined || metaData === undefined) {
      throw new Error(
        `vsphere for ${h.hostname}: the cloud-init generator produced no user-data or meta-data`,
      );
    }
    const network = byPath.get(`${dir}/network-config`);
    const metadata = vsphereMetaData(
      toText(metaData.content),
      network === undefined ? undefined : toBytes(network.content),
    );
    return {
      host: h.hostname,
      info: buildGuestinfo(metadata, toBytes(userData.content)),
      private: isSecretMode(userData.mode),
    };
  });
}

export function renderVsphere(input: GeneratorInput): OutputFile[] {
  return hostGuestinfo(input).flatMap(({ host, info, private: secret }) => [
    {
      path: `hosts/${host}/vsphere/govc.sh`,
      content: renderGovcScript(host, info),
      mode: secret ? 0o700 : 0o755,
      host,
    },
    {
      path: `hosts/${host}/vsphere/extra_config.tf.json`,
      content: renderTerraformExtraConfig(host, info),
      mode: secret ? 0o600 : 0o644,
      host,
    },
  ]);
}

/** A warning per guestinfo value over vSphere's 64 KiB limit. */
export function vsphereDiagnostics(input: GeneratorInput): Diagnostic[] {
  const index = new Map(input.plan.hosts.map((h, i) => [h.name, i]));
  return hostGuestinfo(input).flatMap(({ host, info }) =>
    oversizedValues(info).map(({ key, length }) => ({
      code: 'VSPHERE_GUESTINFO_TOO_LARGE',
      severity: 'warning' as const,
      path: `hosts[${index.get(host) ?? 0}]`,
      message: `${host}: ${key} is ${length} bytes encoded, over vSphere's ${GUESTINFO_VALUE_LIMIT}-byte limit per guestinfo value`,
      hint: 'Move large files out of user-data (serve them from the boot server) or deliver this host by seed ISO or PXE instead.',
    })),
  );
}

export const vsphereGenerator: Generator = {
  name: 'vsphere',
  needs: ['cloud-init'],
  render: renderVsphere,
  diagnose: vsphereDiagnostics,
};
