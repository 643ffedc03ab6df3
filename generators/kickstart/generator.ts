/** Kickstart `ks.cfg` per host (CentOS 7 and EL9). */
import type { HostConfig } from '../../host/host-config.js';
import type { Generator, OutputFile } from '../generator.js';
import { hostOutputPath } from '../shared/output-paths.js';
import { prepareHost } from '../shared/prepare-host.js';
import { carriesSecrets } from '../shared/secrets.js';
import { renderKickstart } from './kickstart.js';

export function renderKickstartFiles(config: HostConfig): OutputFile[] {
  const host = prepareHost(config);
  const secret = carriesSecrets(host);
  return [
    {
      path: hostOutputPath(host.hostname, 'ks.cfg'),
      content: renderKickstart(host),
      mode: secret ? 0o600 : 0o644,
      host: host.hostname,
    },
  ];
}

export const kickstartGenerator: Generator = {
  name: 'kickstart',
  needs: [],
  render: ({ hosts }) => hosts.flatMap(renderKickstartFiles),
};
