/**
 * The `autoinstall` format (Ubuntu, `install.method: autoinstall`, PXE delivery): the seed the
 * live installer's cloud-init reads from `ds=nocloud-net;s=<bootServer>/hosts/<name>/autoinstall/`
 * (generators/pxe/boot-entries.ts):
 *
 *   hosts/<name>/autoinstall/user-data     `autoinstall:` with the host's first-boot cloud-config
 *                                          (0600 when that carries keys or tokens; served only
 *                                          to the host's address, as its user-data is)
 *   hosts/<name>/autoinstall/meta-data     the installer's own instance-id and host name
 *   hosts/<name>/autoinstall/vendor-data   an empty cloud-config (NoCloud asks for it)
 */
import { createHash } from 'node:crypto';
import type { HostContext } from '../context.js';
import type { Generator, OutputFile } from '../generator.js';
import { metaDataWithId } from '../cloud-init/meta-data.js';
import { CLOUD_CONFIG_HEADER } from '../cloud-init/user-data.js';
import { AUTOINSTALL_DIR, hostOutputPath } from '../shared/output-paths.js';
import { renderAutoinstallUserData } from './autoinstall-document.js';

/**
 * The live installer's instance-id: distinct from the installed system's (its cloud-init must run
 * the first boot afresh) and new whenever the autoinstall user-data changes.
 */
export function autoinstallInstanceId(hostname: string, userData: string): string {
  const hash = createHash('sha256').update(userData).digest('hex');
  return `${hostname}-autoinstall-${hash.slice(0, 16)}`;
}

export function renderAutoinstall(ctx: HostContext): OutputFile[] {
  const name = ctx.host.name;
  const userData = renderAutoinstallUserData(ctx.config);
  const at = (file: string): string => hostOutputPath(name, `${AUTOINSTALL_DIR}/${file}`);
  return [
    { path: at('user-data'), content: userData, mode: ctx.mode, host: name },
    {
      path: at('meta-data'),
      content: metaDataWithId(name, autoinstallInstanceId(name, userData)),
      mode: 0o644,
      host: name,
    },
    { path: at('vendor-data'), content: `${CLOUD_CONFIG_HEADER}\n`, mode: 0o644, host: name },
  ];
}

export const autoinstallGenerator: Generator = {
  name: 'autoinstall',
  delivery: 'pxe',
  needs: [],
  host: (ctx) => ({ files: renderAutoinstall(ctx) }),
};
