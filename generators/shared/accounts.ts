/** How a UserAccount is created, with the same defaults in every format. */
import type { UserAccount } from '../../host/host-config.js';

export interface AccountSettings {
  shell?: string;
  homeDir?: string;
  /** System accounts get no home directory unless one is given. */
  createHome: boolean;
}

export const SYSTEM_ACCOUNT_SHELL = '/sbin/nologin';

export function accountSettings(user: UserAccount): AccountSettings {
  const shell = user.shell ?? (user.system ? SYSTEM_ACCOUNT_SHELL : undefined);
  return {
    ...(shell !== undefined ? { shell } : {}),
    ...(user.homeDir !== undefined ? { homeDir: user.homeDir } : {}),
    createHome: !user.system,
  };
}

/**
 * root exists on every image: the formats only add its SSH keys (kickstart `sshkey`), never change
 * its shell, home or groups.
 */
export function isRootAccount(user: UserAccount): boolean {
  return user.name === 'root';
}
