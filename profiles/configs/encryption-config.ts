/** Secrets encryption at rest (apiserver.config.k8s.io/v1 EncryptionConfiguration, secretbox). */
import type { ClusterPki } from '../../pki/model.js';
import { toYaml } from '../yaml.js';

export function encryptionConfigYaml(pki: ClusterPki): string {
  return toYaml({
    apiVersion: 'apiserver.config.k8s.io/v1',
    kind: 'EncryptionConfiguration',
    resources: [
      {
        resources: ['secrets'],
        providers: [{ secretbox: { keys: [{ name: 'key1', secret: pki.encryptionKey }] } }, { identity: {} }],
      },
    ],
  });
}
