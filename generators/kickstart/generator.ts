/** Kickstart `ks.cfg` per host (CentOS 7 and EL9). */
import type { HostContext } from '../context.js';
import type { Generator, OutputFile } from '../generator.js';
import { hostOutputPath } from '../shared/output-paths.js';
import { renderKickstart } from './kickstart.js';

export function renderKickstartFiles(ctx: HostContext): OutputFile[] {
  const name = ctx.host.name;
  return [
    {
      path: hostOutputPath(name, 'ks.cfg'),
      content: renderKickstart(ctx.config),
      mode: ctx.mode,
      host: name,
    },
  ];
}

export const kickstartGenerator: Generator = {
  name: 'kickstart',
  needs: [],
  host: (ctx) => ({ files: renderKickstartFiles(ctx) }),
};
