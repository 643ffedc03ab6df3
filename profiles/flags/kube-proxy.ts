/** kube-proxy flags: everything lives in KubeProxyConfiguration. */
import type { ProfileContext } from '../model.js';
import { PATHS } from '../paths.js';
import { checkFlags, flags, type Flag } from './flag.js';

export function kubeProxyFlags(ctx: ProfileContext): readonly Flag[] {
  return checkFlags('kube-proxy', ctx.minor, flags(['config', PATHS.kubeProxyConfig], ['v', '2']));
}
