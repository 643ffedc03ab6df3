/** Ignition `config.ign` per host. */
import type { HostContext } from '../context.js';
import type { Generator, OutputFile } from '../generator.js';
import { hostOutputPath } from '../shared/output-paths.js';
import { renderIgnition } from './config.js';

export function renderIgnitionFiles(ctx: HostContext): OutputFile[] {
  const name = ctx.host.name;
  return [
    {
      path: hostOutputPath(name, 'config.ign'),
      content: renderIgnition(ctx.config),
      mode: ctx.mode,
      host: name,
    },
  ];
}

export const ignitionGenerator: Generator = {
  name: 'ignition',
  needs: [],
  host: (ctx) => ({ files: renderIgnitionFiles(ctx) }),
};
