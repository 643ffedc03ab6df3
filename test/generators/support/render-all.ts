/**
 * Renders one HostConfig in all three formats and reads each back. `common` is each format's
 * layout minus what only that format needs (Ignition's hostname file and NetworkManager keyfile;
 * kickstart's repo files, which cloud-init expresses as yum_repos): the one shared comparison.
 */
import type { HostConfig } from '../../../host/host-config.js';
import { renderUserData } from '../../../generators/cloud-init/user-data.js';
import { HOSTNAME_PATH, renderIgnition } from '../../../generators/ignition/config.js';
import { FIRST_BOOT_DROPIN } from '../../../generators/ignition/first-boot-reports.js';
import { nmKeyfilePath } from '../../../generators/ignition/nm-keyfile.js';
import { renderKickstart } from '../../../generators/kickstart/kickstart.js';
import { prepareHost } from '../../../generators/shared/prepare-host.js';
import type { OutputFile } from '../../../generators/generator.js';
import { carriesSecrets, configMode } from '../../../host/secrets.js';
import { expectedLayout, omit, sortedLayout, type HostLayout } from './layout.js';
import { parseUserData, type ParsedCloudInit } from './parse-cloud-init.js';
import { parseIgnition, type ParsedIgnition } from './parse-ignition.js';
import { parseKickstart, type ParsedKickstart } from './parse-kickstart.js';

export interface RenderedHost {
  prepared: HostConfig;
  files: Record<string, OutputFile>;
  text: (name: string) => string;
  cloudInit: ParsedCloudInit;
  ignition: ParsedIgnition;
  kickstart: ParsedKickstart;
  expected: HostLayout;
  common: { cloudInit: HostLayout; ignition: HostLayout; kickstart: HostLayout };
}

export function renderAll(host: HostConfig): RenderedHost {
  const prepared = prepareHost(host);
  const mode = configMode(carriesSecrets(prepared));
  const dir = `hosts/${host.hostname}`;
  const files: Record<string, OutputFile> = {
    'user-data': { path: `${dir}/user-data`, content: renderUserData(prepared), mode, host: host.hostname },
    'config.ign': { path: `${dir}/config.ign`, content: renderIgnition(prepared), mode, host: host.hostname },
    'ks.cfg': { path: `${dir}/ks.cfg`, content: renderKickstart(prepared), mode, host: host.hostname },
  };
  const text = (name: string): string => {
    const content = files[name]?.content;
    if (typeof content !== 'string') throw new Error(`no text output ${name}`);
    return content;
  };
  const cloudInit = parseUserData(text('user-data'));
  const ignition = parseIgnition(text('config.ign'));
  const kickstart = parseKickstart(text('ks.cfg'));
  const ignitionOnly = [HOSTNAME_PATH, nmKeyfilePath(host.network)].filter(
    (p) => !prepared.files.some((f) => f.path === p),
  );
  // Ignition's own addition: the drop-in that reports installing/installed on the first boot.
  const ignitionUnits = Object.fromEntries(
    Object.entries(ignition.layout.units).map(([name, u]) => [
      name,
      { ...u, dropins: omit(u.dropins, (d) => d === FIRST_BOOT_DROPIN) },
    ]),
  );
  const ignitionCommon = {
    ...ignition.layout,
    files: omit(ignition.layout.files, (p) => ignitionOnly.includes(p)),
    units: ignitionUnits,
  };
  return {
    prepared,
    files,
    text,
    cloudInit,
    ignition,
    kickstart,
    expected: sortedLayout(expectedLayout(prepared)),
    common: {
      cloudInit: sortedLayout(cloudInit.layout),
      ignition: sortedLayout(ignitionCommon),
      kickstart: sortedLayout(kickstart.layout),
    },
  };
}
