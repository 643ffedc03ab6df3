/** Whether a rendered host file must be 0600 because it embeds a secret file's content. */
import type { HostConfig } from '../../host/host-config.js';
import { isRemote } from '../../host/host-config.js';

export function embedsSecretFiles(host: HostConfig): boolean {
  return host.files.some((f) => !isRemote(f) && f.secret);
}
