/** meta-data: an instance-id that follows the config, and the host name. */
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { instanceId, renderMetaData } from '../../../generators/cloud-init/meta-data.js';
import { renderNetworkConfig } from '../../../generators/cloud-init/network-config.js';
import { renderUserData } from '../../../generators/cloud-init/user-data.js';
import { prepareHost } from '../../../generators/shared/prepare-host.js';
import type { HostConfig } from '../../../host/host-config.js';
import { fixture } from '../../fixtures/hostconfig/index.js';

function metaData(host: HostConfig): Record<string, unknown> {
  const prepared = prepareHost(host);
  const text = renderMetaData(host.hostname, renderUserData(prepared), renderNetworkConfig(prepared.network));
  return load(text) as Record<string, unknown>;
}

describe('meta-data', () => {
  const host = fixture('master-el9');

  it('names the host and derives the instance-id from the host name and content', () => {
    const meta = metaData(host);
    expect(meta['local-hostname']).toBe('kmaster1');
    expect(meta['instance-id']).toMatch(/^kmaster1-[0-9a-f]{16}$/);
    expect(Object.keys(meta)).toEqual(['instance-id', 'local-hostname']);
  });

  it('keeps the instance-id while the config is unchanged', () => {
    expect(metaData(structuredClone(host))['instance-id']).toBe(metaData(host)['instance-id']);
  });

  it('changes the instance-id when user-data content changes', () => {
    const changed = structuredClone(host);
    const file = changed.files.find((f) => f.path === '/etc/kubernetes/addons/coredns.yaml');
    if (file === undefined || !('content' in file)) throw new Error('fixture changed');
    file.content += '# changed\n';
    expect(metaData(changed)['instance-id']).not.toBe(metaData(host)['instance-id']);
  });

  it('changes the instance-id when only the network changes', () => {
    const changed = structuredClone(host);
    changed.network.nameservers = ['10.0.0.53'];
    expect(metaData(changed)['instance-id']).not.toBe(metaData(host)['instance-id']);
  });

  it('separates user-data from network-config in the hash', () => {
    expect(instanceId('h', 'ab', 'c')).not.toBe(instanceId('h', 'a', 'bc'));
  });
});
