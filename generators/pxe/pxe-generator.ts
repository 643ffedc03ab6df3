/**
 * The `pxe` format: everything a network-booting machine reads before its installer runs.
 *
 *   pxe/boot.ipxe                         iPXE entry script (DHCP hands this out)
 *   pxe/ipxe/<mac>.ipxe                   the host's install path (cluster.install.method)
 *   pxe/ipxe/<mac>-{kickstart,nocloud,ignition}.ipxe   each path explicitly
 *   pxe/grub/grub.cfg                     generic: loads grub.cfg-01-<mac> by $net_default_mac
 *   pxe/grub/grub.cfg-01-<mac>, grub.cfg-<mac>          RHEL-patched and upstream GRUB names
 *   pxe/pxelinux.cfg/default, 01-<mac>    pxelinux (BIOS)
 * <mac> is lower case with hyphens (52-54-00-00-00-11). Every URL is under cluster.bootServer.
 * The per-MAC files are the host phase; the three generic entry files are the site phase.
 */
import type { Diagnostic } from '../../inventory/diagnostic.js';
import { bootUrlSources, pxeBootPlan } from '../../plan/boot.js';
import type { ClusterPlan } from '../../plan/model.js';
import type { HostContext } from '../context.js';
import type { Generator, OutputFile } from '../generator.js';
import { bootEntries } from './boot-entries.js';
import { renderGenericGrub, renderHostGrub } from './grub.js';
import { renderBootIpxe, renderHostIpxe } from './ipxe.js';
import { macHyphen, macWithArpType } from './mac-names.js';
import { renderDefaultPxelinux, renderHostPxelinux } from './pxelinux.js';

const PUBLIC = 0o644;

/** The generic entry files every booting machine reads first. */
export function renderPxeEntryFiles(plan: ClusterPlan): OutputFile[] {
  return [
    { path: 'pxe/boot.ipxe', content: renderBootIpxe(pxeBootPlan(plan.boot).bootServer), mode: PUBLIC },
    { path: 'pxe/grub/grub.cfg', content: renderGenericGrub(), mode: PUBLIC },
    { path: 'pxe/pxelinux.cfg/default', content: renderDefaultPxelinux(), mode: PUBLIC },
  ];
}

/** One host's per-MAC iPXE scripts, GRUB entries and pxelinux entry. */
export function renderHostPxe(ctx: HostContext): OutputFile[] {
  const host = ctx.config;
  const settings = pxeBootPlan(ctx.plan.boot);
  const mac = host.network.mac;
  if (mac === undefined) throw new Error(`pxe: ${host.hostname} is delivered by pxe without a MAC`);
  const files: OutputFile[] = [];
  const id = { name: host.hostname, mac };
  const hyphen = macHyphen(mac);
  const add = (path: string, content: string): void => {
    files.push({ path, content, mode: PUBLIC, host: host.hostname });
  };
  const withBootif = bootEntries(settings, host, { bootif: true });
  const [preferred] = withBootif;
  if (preferred !== undefined) add(`pxe/ipxe/${hyphen}.ipxe`, renderHostIpxe(id, preferred));
  for (const entry of withBootif) add(`pxe/ipxe/${hyphen}-${entry.method}.ipxe`, renderHostIpxe(id, entry));
  const grub = renderHostGrub(id, withBootif);
  add(`pxe/grub/grub.cfg-${macWithArpType(mac)}`, grub);
  add(`pxe/grub/grub.cfg-${hyphen}`, grub);
  add(
    `pxe/pxelinux.cfg/${macWithArpType(mac)}`,
    renderHostPxelinux(id, bootEntries(settings, host, { bootif: false })),
  );
  return files;
}

/** GRUB and pxelinux fetch over http:// (and tftp) only; a boot URL they cannot fetch is a warning. */
export function pxeDiagnostics(plan: ClusterPlan): Diagnostic[] {
  return bootUrlSources(plan.inventory)
    .filter(({ url }) => !/^(http|tftp):\/\//i.test(url))
    .map(({ path, url, isDefault }) => ({
      code: 'BOOT_URL_NOT_HTTP',
      severity: 'warning' as const,
      path,
      message: `${isDefault ? 'the default ' : ''}${path} ${url} is not http://: GRUB and pxelinux cannot fetch kernels or initrds from it (iPXE built with HTTPS can)`,
      hint: 'Serve the install tree and boot images over http:// (a local mirror), or boot these hosts with iPXE.',
    }));
}

export const pxeGenerator: Generator = {
  name: 'pxe',
  delivery: 'pxe',
  needs: [],
  host: (ctx) => ({ files: renderHostPxe(ctx) }),
  site: ({ plan }) => ({ files: renderPxeEntryFiles(plan), diagnostics: pxeDiagnostics(plan) }),
};
