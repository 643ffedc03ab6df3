/** etcd member: user, data dir, keys and etcd.service with a static --initial-cluster. */
import { unit, unitDeps } from '../files.js';
import { etcdFlags } from '../flags/etcd.js';
import { formatFlag } from '../flags/flag.js';
import type { Contribution, ProfileContext } from '../model.js';
import { ETCD_DATA, ETCD_PKI } from '../paths.js';
import { ETCD_CLIENT_PORT, ETCD_PEER_PORT } from '../../plan/plan-cluster.js';

export function etcdComponent(ctx: ProfileContext): Contribution {
  const deps = unitDeps(ctx);
  return {
    source: 'etcd',
    users: [
      {
        name: 'etcd',
        system: true,
        sshAuthorizedKeys: [],
        groups: [],
        homeDir: ETCD_DATA,
        shell: '/sbin/nologin',
      },
    ],
    // etcd 3.4.10+ checks that an existing data dir is 0700.
    directories: [
      { path: ETCD_DATA, mode: 0o700, user: 'etcd', group: 'etcd' },
      { path: ETCD_PKI, mode: 0o755 },
    ],
    units: [
      unit(
        'etcd.service',
        ctx.render('etcd/etcd.service.hbs', {
          name: ctx.host.name,
          cluster: ctx.plan.name,
          ...deps,
          binary: `${ctx.family.binDir}/etcd`,
          flags: etcdFlags(ctx).map(formatFlag),
        }),
      ),
    ],
    firewallPorts: [`${ETCD_CLIENT_PORT}/tcp`, `${ETCD_PEER_PORT}/tcp`],
  };
}
