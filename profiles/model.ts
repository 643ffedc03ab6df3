/**
 * What a profile component contributes to a host, before the contributions are merged into one
 * HostConfig (profiles/compose.ts). Contents are already rendered; merging only deduplicates,
 * detects conflicts and applies the layer order (built-in, then the host's user profiles).
 */
import type {
  BootStep,
  HostConfig,
  HostFile,
  PackageRepo,
  SystemdUnit,
  UserAccount,
} from '../host/host-config.js';
import type { ClusterSpec } from '../inventory/model.js';
import type { ClusterPlan, HostPlan } from '../plan/model.js';
import type { ClusterPki } from '../pki/model.js';
import type { OsFamily } from '../os/family.js';
import type { TemplateSet } from './templates.js';

export interface Dropin {
  unit: string;
  name: string;
  contents: string;
}

/** A first-boot step with its position: lower runs first. */
export interface OrderedStep extends BootStep {
  order: number;
}

/** A port firewalld must open (`<port>/tcp`, `30000-32767/tcp`). */
export type FirewallPort = `${number}/${'tcp' | 'udp'}` | `${number}-${number}/${'tcp' | 'udp'}`;

export interface Contribution {
  /** Names the component in conflict messages (`etcd`, `user profile gpu`). */
  source: string;
  files?: HostFile[];
  directories?: HostConfig['directories'];
  units?: SystemdUnit[];
  dropins?: Dropin[];
  packages?: string[];
  repositories?: PackageRepo[];
  users?: UserAccount[];
  steps?: OrderedStep[];
  firewallPorts?: FirewallPort[];
  kernelModules?: string[];
}

/** Everything a component needs to render its part of one host. */
export interface ProfileContext {
  plan: ClusterPlan;
  host: HostPlan;
  pki: ClusterPki;
  cluster: ClusterSpec;
  /** The cluster's OS family (os/registry.ts): directories, runtime sources, time sync. */
  family: OsFamily;
  /** Kubernetes minor version (23 for 1.23.17). */
  minor: number;
  templates: TemplateSet;
  /**
   * Units that lay down downloaded binaries (`install-artifacts.service` when some artifact is not
   * pinned); units that run those binaries order themselves after and require these.
   */
  artifactUnits: string[];
  /** Render a template (relative path under profiles/templates/) for this host. */
  render(template: string, vars: object): string;
}

/** Step order: lower runs first. Gaps leave room for user profile steps. */
export const STEP_ORDER = {
  prerequisites: 10,
  firewall: 20,
  installArtifacts: 30,
  flannelNetworkConfig: 50,
  k8sBootstrap: 60,
  user: 100,
} as const;
