/** cloud-init NoCloud files per host: `user-data`, `meta-data`, `network-config`. */
import type { HostConfig } from '../../host/host-config.js';
import type { Generator, OutputFile } from '../generator.js';
import { hostOutputPath } from '../shared/output-paths.js';
import { prepareHost } from '../shared/prepare-host.js';
import { carriesSecrets } from '../shared/secrets.js';
import { renderMetaData } from './meta-data.js';
import { renderNetworkConfig } from './network-config.js';
import { renderUserData } from './user-data.js';

export function renderCloudInit(config: HostConfig): OutputFile[] {
  const host = prepareHost(config);
  const userData = renderUserData(host);
  const networkConfig = renderNetworkConfig(host.network);
  const name = host.hostname;
  return [
    {
      path: hostOutputPath(name, 'user-data'),
      content: userData,
      mode: carriesSecrets(host) ? 0o600 : 0o644,
      host: name,
    },
    {
      path: hostOutputPath(name, 'meta-data'),
      content: renderMetaData(name, userData, networkConfig),
      mode: 0o644,
      host: name,
    },
    { path: hostOutputPath(name, 'network-config'), content: networkConfig, mode: 0o644, host: name },
  ];
}

export const cloudInitGenerator: Generator = {
  name: 'cloud-init',
  needs: [],
  render: ({ hosts }) => hosts.flatMap(renderCloudInit),
};
