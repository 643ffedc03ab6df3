/**
 * NoCloud meta-data. The instance-id is the host name plus a hash of the user-data and
 * network-config it goes with: a changed config is a new instance, so cloud-init runs again,
 * while an unchanged one keeps its id across regenerations.
 */
import { createHash } from 'node:crypto';
import { toYaml } from '../shared/yaml.js';

export function instanceId(hostname: string, userData: string, networkConfig: string): string {
  const hash = createHash('sha256').update(userData).update('\0').update(networkConfig).digest('hex');
  return `${hostname}-${hash.slice(0, 16)}`;
}

export function renderMetaData(hostname: string, userData: string, networkConfig: string): string {
  return toYaml({ 'instance-id': instanceId(hostname, userData, networkConfig), 'local-hostname': hostname });
}
