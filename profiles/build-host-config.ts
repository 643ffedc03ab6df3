/**
 * plan + host + PKI (+ user profiles) -> HostConfig. Pure: the built-in templates are package data
 * read once; user profiles are read beforehand by `loadUserProfiles` and passed in.
 */
import type { HostConfig, StaticNetwork } from '../host/host-config.js';
import type { ClusterPlan, HostPlan } from '../plan/model.js';
import type { ClusterPki } from '../pki/model.js';
import { aptSources } from './apt-sources.js';
import { resolveArtifacts } from './artifacts.js';
import { compose } from './compose.js';
import { containerdComponent } from './components/containerd.js';
import {
  kubeApiserverComponent,
  kubeControllerManagerComponent,
  kubeSchedulerComponent,
} from './components/control-plane.js';
import { criDockerdComponent } from './components/cri-dockerd.js';
import { dockerComponent } from './components/docker.js';
import { etcdComponent } from './components/etcd.js';
import { flannelNetworkConfigComponent } from './components/flannel-network-config.js';
import { flanneldComponent } from './components/flannel.js';
import { firewallComponent, hostComponent } from './components/host.js';
import {
  INSTALL_ARTIFACTS_UNIT,
  installArtifactsComponent,
  needsInstallStep,
} from './components/install-artifacts.js';
import { k8sBootstrapComponent } from './components/k8s-bootstrap.js';
import { kubeletServingApproverComponent } from './components/kubelet-serving-approver.js';
import { nodeLabelsComponent } from './components/node-labels.js';
import { lifecycleComponent } from './components/lifecycle.js';
import { kubeletComponent, kubeProxyComponent } from './components/node.js';
import { ProfileError } from './errors.js';
import { finalizeHostConfig } from './finalize.js';
import { componentKeyFiles } from './keys.js';
import type { Contribution, ProfileContext } from './model.js';
import { hostArtifacts, hostComponents, type ComponentId } from './roles.js';
import { builtinTemplates, overlayTemplates, renderTemplate } from './templates.js';
import { NO_USER_PROFILES, userProfileContribution, type UserProfiles } from './user-profiles.js';
import { compareStrings } from '../encoders/order.js';
import { MIN_KUBE_MINOR } from '../plan/versions.js';
import { osFamily } from '../os/registry.js';

export interface BuildOptions {
  /** From `loadUserProfiles(cluster.profilesDir)`. */
  userProfiles?: UserProfiles;
}

const RENDERERS: Record<ComponentId, ((ctx: ProfileContext) => Contribution) | undefined> = {
  host: hostComponent,
  etcd: etcdComponent,
  'flannel-network-config': flannelNetworkConfigComponent,
  flanneld: flanneldComponent,
  docker: dockerComponent,
  'cri-dockerd': criDockerdComponent,
  containerd: containerdComponent,
  'kube-apiserver': kubeApiserverComponent,
  'kube-controller-manager': kubeControllerManagerComponent,
  'kube-scheduler': kubeSchedulerComponent,
  // kubectl is a binary plus (keys.ts) the admin kubeconfig.
  kubectl: undefined,
  kubelet: kubeletComponent,
  'kube-proxy': kubeProxyComponent,
  'k8s-bootstrap': k8sBootstrapComponent,
  'node-labels': nodeLabelsComponent,
  'kubelet-serving-approver': kubeletServingApproverComponent,
  // After the loop: it reads the other components' units (what `ready` waits for).
  lifecycle: undefined,
};

function network(plan: ClusterPlan, host: HostPlan): StaticNetwork {
  const n = plan.inventory.cluster.network;
  return {
    interface: host.spec.interface,
    mac: host.mac,
    address: host.ip,
    prefixLength: host.prefixLength,
    netmask: host.netmask,
    gateway: n.gateway,
    nameservers: [...n.nameservers],
    searchDomains: [...n.searchDomains],
    mtu: n.mtu,
  };
}

export function buildHostConfig(
  plan: ClusterPlan,
  host: HostPlan,
  pki: ClusterPki,
  options: BuildOptions = {},
): HostConfig {
  const cluster = plan.inventory.cluster;
  if (plan.kubeMinor < MIN_KUBE_MINOR) {
    throw new ProfileError(
      'VERSION_UNSUPPORTED',
      `Kubernetes ${plan.versions.kubernetes} is older than 1.${MIN_KUBE_MINOR}, the oldest version bootforge renders`,
      'cluster.kubernetes.version',
      `Use Kubernetes 1.${MIN_KUBE_MINOR} or newer.`,
    );
  }
  const user = options.userProfiles ?? NO_USER_PROFILES;
  const templates = overlayTemplates(builtinTemplates(), user.templates);
  const components = hostComponents(plan, host);
  const artifacts = resolveArtifacts(plan, hostArtifacts(plan, components));
  const ctx: ProfileContext = {
    plan,
    host,
    pki,
    cluster,
    family: osFamily(cluster.os),
    minor: plan.kubeMinor,
    templates,
    artifactUnits: needsInstallStep(artifacts) ? [INSTALL_ARTIFACTS_UNIT] : [],
    render: (name, vars) => {
      try {
        return renderTemplate(templates, name, vars, host.name);
      } catch (error) {
        // A user's override of a built-in template: cluster.profilesDir is where it comes from.
        if (!(error instanceof ProfileError) || !user.templates.has(name)) throw error;
        throw new ProfileError(error.code, error.message, 'cluster.profilesDir', error.hint);
      }
    },
  };

  const builtin: Contribution[] = [installArtifactsComponent(ctx, artifacts)];
  for (const c of components) {
    const render = RENDERERS[c];
    if (render) builtin.push(render(ctx));
    const keys = componentKeyFiles(ctx, c);
    if (keys.length > 0) builtin.push({ source: `${c} keys`, files: keys });
  }
  if (cluster.install.firewall === 'open-ports') {
    const ports = [...new Set(builtin.flatMap((c) => c.firewallPorts ?? []))];
    builtin.push(firewallComponent(ctx, ports));
  }
  if (components.includes('lifecycle')) {
    builtin.push(
      lifecycleComponent(
        ctx,
        builtin.flatMap((c) => c.units ?? []),
      ),
    );
  }

  const hostLayer = host.spec.profiles.map((name, i) => {
    const profile = user.profiles.get(name);
    if (!profile) {
      const index = plan.hosts.indexOf(host);
      throw new ProfileError(
        'PROFILE_UNKNOWN',
        `host ${host.name} selects profile ${name}, which ${user.dir ? `${user.dir}/profiles/` : 'no profiles directory'} does not define`,
        `hosts[${index}].profiles[${i}]`,
        user.dir
          ? `Create ${user.dir}/profiles/${name}.yaml or remove it from the host.`
          : 'Set cluster.profilesDir.',
      );
    }
    return userProfileContribution(ctx, profile, i);
  });

  // The host layer's contributions are its profiles, in order; a built-in conflict is a bug.
  const at = `hosts[${plan.hosts.indexOf(host)}]`;
  const composed = compose([builtin, hostLayer], host.name, (layer, i) =>
    layer === 0 ? at : `${at}.profiles[${i}]`,
  );
  const domain = cluster.network.searchDomains[0];
  const install: HostConfig['install'] = {
    disk: host.spec.disk,
    timezone: cluster.install.timezone,
    ntpServers: [...cluster.network.ntpServers],
    selinux: cluster.install.selinux,
    repo: plan.boot.install.tree,
  };
  if (cluster.install.rootPasswordHash !== undefined)
    install.rootPasswordHash = cluster.install.rootPasswordHash;
  if (plan.boot.install.appstream !== undefined) install.appstream = plan.boot.install.appstream;
  const archive = osFamily(cluster.os).apt;

  return finalizeHostConfig({
    hostname: host.name,
    fqdn: domain ? `${host.name}.${domain}` : host.name,
    os: cluster.os,
    files: composed.files,
    directories: composed.directories,
    units: composed.units,
    packages: composed.packages,
    repositories: composed.repositories,
    ...(archive !== undefined ? { apt: aptSources(archive, cluster.artifacts.mirror) } : {}),
    users: composed.users,
    network: network(plan, host),
    kernelArguments: [],
    kernelModules: composed.kernelModules,
    steps: composed.steps
      .sort((a, b) => a.order - b.order || compareStrings(a.unit, b.unit))
      .map(({ unit, description }) => ({ unit, description })),
    install,
  });
}

/** One HostConfig per host of the plan, in inventory order. */
export function buildHostConfigs(
  plan: ClusterPlan,
  pki: ClusterPki,
  options: BuildOptions = {},
): HostConfig[] {
  return plan.hosts.map((h) => buildHostConfig(plan, h, pki, options));
}
