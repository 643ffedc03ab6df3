/**
 * The per-host render context: everything about one host that more than one format uses,
 * decided once and handed to every generator. The HostConfig is prepared (checked against the
 * contract, support files added) here and nowhere else; cloud-init's three documents are
 * rendered on first use and then shared by the seed ISO, vSphere, cloud and bundle formats, which
 * never parse another format's bytes back.
 */
import type { HostConfig } from '../host/host-config.js';
import { carriesSecrets, configMode } from '../host/secrets.js';
import type { ClusterPlan, HostPlan } from '../plan/model.js';
import { instanceId, metaDataWithId } from './cloud-init/meta-data.js';
import { renderNetworkConfig } from './cloud-init/network-config.js';
import { renderUserData } from './cloud-init/user-data.js';
import { prepareHost } from './shared/prepare-host.js';

export interface CloudInitDocuments {
  readonly userData: string;
  readonly networkConfig: string;
  readonly metaData: string;
  readonly instanceId: string;
}

export interface HostContext {
  readonly plan: ClusterPlan;
  readonly host: HostPlan;
  /** Position in the inventory's hosts[]: diagnostics about this host point at `hosts[index]`. */
  readonly index: number;
  /** `hosts[index]`. */
  readonly path: string;
  /** The prepared HostConfig every format renders. */
  readonly config: HostConfig;
  /** True when this host's configs carry a key, a token or a password hash. */
  readonly secret: boolean;
  /** The mode of this host's configs and of every file derived from them: 0600 or 0644. */
  readonly mode: number;
  readonly cloudInit: CloudInitDocuments;
}

function cloudInitDocuments(config: HostConfig): CloudInitDocuments {
  const userData = renderUserData(config);
  const networkConfig = renderNetworkConfig(config.network);
  const id = instanceId(config.hostname, userData, networkConfig);
  return { userData, networkConfig, metaData: metaDataWithId(config.hostname, id), instanceId: id };
}

/** Builds a host's context from its (unprepared) HostConfig. Throws HostConfigError on a broken contract. */
export function createHostContext(plan: ClusterPlan, host: HostPlan, config: HostConfig): HostContext {
  const index = plan.hosts.indexOf(host);
  if (index < 0) throw new Error(`createHostContext: ${host.name} is not a host of the plan`);
  const prepared = prepareHost(config);
  const secret = carriesSecrets(prepared);
  let documents: CloudInitDocuments | undefined;
  return {
    plan,
    host,
    index,
    path: `hosts[${index}]`,
    config: prepared,
    secret,
    mode: configMode(secret),
    get cloudInit(): CloudInitDocuments {
      documents ??= cloudInitDocuments(prepared);
      return documents;
    },
  };
}
