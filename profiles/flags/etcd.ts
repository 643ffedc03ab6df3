/**
 * etcd flags for the resolved etcd version (etcd CHANGELOG-3.4/3.5/3.6). Flags only, no ETCD_*
 * environment: since 3.4 etcd exits when a variable and its flag are both set.
 */
import type { ProfileContext } from '../model.js';
import { PATHS, ETCD_DATA } from '../paths.js';
import { atLeast } from '../../plan/versions.js';
import { ETCD_CLIENT_PORT, ETCD_METRICS_PORT, ETCD_PEER_PORT } from '../../plan/plan-cluster.js';
import { flags, type Flag } from './flag.js';

/** Does this cluster need etcd's v2 API (flannel <= 0.17)? Throws when the etcd version has none. */
export function etcdNeedsV2(ctx: ProfileContext): boolean {
  if (ctx.plan.flannel.etcdApi !== 'v2') return false;
  if (atLeast(ctx.plan.versions.etcd, '3.6.0')) {
    throw new Error(
      `flannel ${ctx.plan.versions.flannel} needs the etcd v2 API, which etcd ${ctx.plan.versions.etcd} no longer has`,
    );
  }
  return true;
}

export function etcdFlags(ctx: ProfileContext): readonly Flag[] {
  const member = ctx.plan.etcdMembers.find((m) => m.name === ctx.host.name);
  if (!member) throw new Error(`${ctx.host.name} is not an etcd member`);
  const ip = member.ip;
  const list = flags(
    ['name', member.name],
    ['data-dir', ETCD_DATA],
    ['listen-peer-urls', `https://${ip}:${ETCD_PEER_PORT}`],
    ['initial-advertise-peer-urls', member.peerURL],
    ['listen-client-urls', `https://${ip}:${ETCD_CLIENT_PORT},https://127.0.0.1:${ETCD_CLIENT_PORT}`],
    ['advertise-client-urls', member.clientURL],
    ['listen-metrics-urls', `http://127.0.0.1:${ETCD_METRICS_PORT}`],
    ['initial-cluster', ctx.plan.initialCluster],
    ['initial-cluster-state', 'new'],
    ['initial-cluster-token', `${ctx.plan.name}-etcd`],
    ['cert-file', PATHS.etcdServerCert],
    ['key-file', PATHS.etcdServerKey],
    ['trusted-ca-file', PATHS.etcdCa],
    ['client-cert-auth', 'true'],
    ['peer-cert-file', PATHS.etcdPeerCert],
    ['peer-key-file', PATHS.etcdPeerKey],
    ['peer-trusted-ca-file', PATHS.etcdCa],
    ['peer-client-cert-auth', 'true'],
    ['logger', 'zap'],
    etcdNeedsV2(ctx) && ['enable-v2', 'true'],
  );
  return list;
}
