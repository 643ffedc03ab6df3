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

/** meta-data for an instance-id already computed (the host context hashes the documents once). */
export function metaDataWithId(hostname: string, id: string): string {
  return toYaml({ 'instance-id': id, 'local-hostname': hostname });
}

export function renderMetaData(hostname: string, userData: string, networkConfig: string): string {
  return metaDataWithId(hostname, instanceId(hostname, userData, networkConfig));
}
