/**
 * Whether a rendered host file must be 0600: it embeds a secret file's content (a key, a token), or
 * the root password hash, which cloud-init (hashed_passwd) and kickstart (rootpw --iscrypted) carry.
 * Every format asks this one question, so files derived from them (seed ISO, vSphere, cloud
 * user-data, bundles) inherit the right mode.
 */
import type { HostConfig } from '../../host/host-config.js';
import { isRemote } from '../../host/host-config.js';

export function carriesSecrets(host: HostConfig): boolean {
  return host.install.rootPasswordHash !== undefined || host.files.some((f) => !isRemote(f) && f.secret);
}
