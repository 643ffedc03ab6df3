/**
 * The bootstrapping master labels the Nodes with what their kubelets may not set themselves
 * (plan/node-labels.ts: node-role.kubernetes.io/* and other restricted keys), with the admin
 * kubeconfig, once each Node has registered. The marker is named after the labels, so changing
 * one in the inventory applies it again on the next install or re-render of this master; a label
 * removed from the inventory is not removed from the Node.
 */
import { createHash } from 'node:crypto';
import { scriptFile, unit } from '../files.js';
import type { Contribution, ProfileContext } from '../model.js';
import { PATHS, STATE_DIR } from '../paths.js';
import { labelArguments } from '../../plan/node-labels.js';
import type { ClusterPlan } from '../../plan/model.js';

const scriptPath = (ctx: ProfileContext): string => `${ctx.family.scriptDir}/k8s-node-labels.sh`;
export const NODE_LABELS_UNIT = 'k8s-node-labels.service';

/** Nodes with labels the bootstrapper applies, in inventory order. */
export function restrictedNodeLabels(plan: ClusterPlan): { name: string; labels: string[] }[] {
  return plan.hosts
    .filter((h) => h.runsKubelet && Object.keys(h.labels.restricted).length > 0)
    .map((h) => ({ name: h.name, labels: labelArguments(h.labels.restricted) }));
}

export function nodeLabelsComponent(ctx: ProfileContext): Contribution {
  const nodes = restrictedNodeLabels(ctx.plan);
  const digest = createHash('sha256').update(JSON.stringify(nodes)).digest('hex').slice(0, 16);
  const marker = `${STATE_DIR}/node-labels-${digest}.done`;
  return {
    source: 'node-labels',
    files: [
      scriptFile(
        scriptPath(ctx),
        ctx.render('kubernetes/node-labels.sh.hbs', {
          hostname: ctx.host.name,
          nodes,
          marker,
          kubectl: `${ctx.family.binDir}/kubectl`,
          kubeconfig: PATHS.adminConf,
        }),
      ),
    ],
    units: [
      unit(
        NODE_LABELS_UNIT,
        ctx.render('host/node-labels.service.hbs', {
          count: nodes.length,
          after: ['network-online.target', 'kube-apiserver.service', ...ctx.artifactUnits].join(' '),
          marker,
          script: scriptPath(ctx),
        }),
      ),
    ],
  };
}
