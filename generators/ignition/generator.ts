/** Ignition `config.ign` per host. */
import type { HostConfig } from '../../host/host-config.js';
import type { Generator, OutputFile } from '../generator.js';
import { hostOutputPath } from '../shared/output-paths.js';
import { prepareHost } from '../shared/prepare-host.js';
import { carriesSecrets } from '../shared/secrets.js';
import { renderIgnition } from './config.js';

export function renderIgnitionFiles(config: HostConfig): OutputFile[] {
  const host = prepareHost(config);
  return [
    {
      path: hostOutputPath(host.hostname, 'config.ign'),
      content: renderIgnition(host),
      mode: carriesSecrets(host) ? 0o600 : 0o644,
      host: host.hostname,
    },
  ];
}

export const ignitionGenerator: Generator = {
  name: 'ignition',
  needs: [],
  render: ({ hosts }) => hosts.flatMap(renderIgnitionFiles),
};
