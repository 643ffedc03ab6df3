/**
 * The one-time, create-only write of flannel's network config into etcd, on the first etcd
 * member (roles.ts isFlannelConfigWriter): v2 API for flannel <= 0.17, v3 otherwise.
 */
import { scriptFile, textFile, unit } from '../files.js';
import { STEP_ORDER, type Contribution, type ProfileContext } from '../model.js';
import { FLANNEL_PKI, PATHS, STATE_DIR } from '../paths.js';

const scriptPath = (ctx: ProfileContext): string => `${ctx.family.scriptDir}/flannel-network-config.sh`;
export const FLANNEL_CONFIG_MARKER = `${STATE_DIR}/flannel-network-config.done`;

export function flannelNetworkConfigComponent(ctx: ProfileContext): Contribution {
  const api = ctx.plan.flannel.etcdApi;
  const common = {
    flannelVersion: ctx.plan.versions.flannel,
    marker: FLANNEL_CONFIG_MARKER,
    endpoints: ctx.plan.etcdClientURLs,
    caFile: PATHS.flannelEtcdCa,
    certFile: PATHS.flannelEtcdCert,
    keyFile: PATHS.flannelEtcdKey,
  };
  const script =
    api === 'v2'
      ? ctx.render('flannel/flannel-network-config-v2.sh.hbs', {
          ...common,
          configFile: PATHS.flannelNetworkConfig,
        })
      : ctx.render('flannel/flannel-network-config-v3.sh.hbs', {
          ...common,
          etcdctl: `${ctx.family.binDir}/etcdctl`,
          // etcdctl txn reads each request as Go-quoted words; JSON string escaping is compatible.
          txnValue: JSON.stringify(ctx.plan.flannel.config),
        });
  const after = ['network-online.target', 'etcd.service', 'k8s-prerequisites.service', ...ctx.artifactUnits];
  return {
    source: 'flannel-network-config',
    files: [
      scriptFile(scriptPath(ctx), script),
      textFile(PATHS.flannelNetworkConfig, `${ctx.plan.flannel.config}\n`),
    ],
    directories: [{ path: FLANNEL_PKI, mode: 0o755 }],
    units: [
      unit(
        'flannel-network-config.service',
        ctx.render('host/oneshot.service.hbs', {
          description: `Write the flannel network config into etcd once (${api} API, create-only)`,
          wants: ['network-online.target', 'etcd.service', ...ctx.artifactUnits].join(' '),
          after: after.join(' '),
          requires: '',
          before: '',
          condition: `!${FLANNEL_CONFIG_MARKER}`,
          script: scriptPath(ctx),
        }),
      ),
    ],
    steps: [
      {
        unit: 'flannel-network-config.service',
        description: 'Write the flannel network config into etcd (once)',
        order: STEP_ORDER.flannelNetworkConfig,
      },
    ],
  };
}
