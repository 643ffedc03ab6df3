/** cloud-init NoCloud files per host: `user-data`, `meta-data`, `network-config`. */
import type { HostContext } from '../context.js';
import type { Generator, OutputFile } from '../generator.js';
import { hostOutputPath } from '../shared/output-paths.js';

export function renderCloudInit(ctx: HostContext): OutputFile[] {
  const name = ctx.host.name;
  const docs = ctx.cloudInit;
  return [
    { path: hostOutputPath(name, 'user-data'), content: docs.userData, mode: ctx.mode, host: name },
    { path: hostOutputPath(name, 'meta-data'), content: docs.metaData, mode: 0o644, host: name },
    { path: hostOutputPath(name, 'network-config'), content: docs.networkConfig, mode: 0o644, host: name },
  ];
}

export const cloudInitGenerator: Generator = {
  name: 'cloud-init',
  needs: [],
  host: (ctx) => ({ files: renderCloudInit(ctx) }),
};
