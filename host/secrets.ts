/**
 * The secret rule, in one place. A file is secret when its mode gives nothing to group or others
 * (0600, 0700). A host's rendered configs are secret when they embed a secret file's content (a
 * key, a token) or the root password hash, which cloud-init (hashed_passwd) and kickstart
 * (rootpw --iscrypted) carry; every format asks this one question, so files derived from them
 * (seed ISO, vSphere, cloud user-data, bundles) inherit the right mode.
 */
import type { HostConfig } from './host-config.js';
import { isRemote } from './host-config.js';

export const SECRET_FILE_MODE = 0o600;
export const PUBLIC_FILE_MODE = 0o644;

export function isSecretMode(mode: number): boolean {
  return (mode & 0o077) === 0;
}

export function carriesSecrets(host: HostConfig): boolean {
  return host.install.rootPasswordHash !== undefined || host.files.some((f) => !isRemote(f) && f.secret);
}

/** The mode of a rendered config: 0600 when it carries secrets, else 0644. */
export function configMode(secret: boolean): number {
  return secret ? SECRET_FILE_MODE : PUBLIC_FILE_MODE;
}
