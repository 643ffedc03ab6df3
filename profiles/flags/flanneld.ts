/** flanneld flags (etcd backend; flannel-io/flannel Documentation/configuration.md). */
import type { ProfileContext } from '../model.js';
import { PATHS } from '../paths.js';
import { flags, type Flag } from './flag.js';

export function flanneldFlags(ctx: ProfileContext): readonly Flag[] {
  return flags(
    ['etcd-endpoints', ctx.plan.etcdClientURLs],
    ['etcd-prefix', '/coreos.com/network'],
    ['etcd-cafile', PATHS.flannelEtcdCa],
    ['etcd-certfile', PATHS.flannelEtcdCert],
    ['etcd-keyfile', PATHS.flannelEtcdKey],
    ['iface', ctx.host.ip],
    ['ip-masq', undefined],
  );
}
