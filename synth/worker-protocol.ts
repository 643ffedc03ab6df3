/** What synth() and its host workers say to each other. */
import type { TreeTarget } from '../emit/tree-writer.js';
import type { ClusterPki } from '../pki/model.js';
import type { ClusterPlan } from '../plan/model.js';
import type { UserProfiles } from '../profiles/user-profiles.js';
import type { Provenance } from './provenance.js';
import type { RenderedHost } from './render-planned-host.js';
import type { SerializedError } from './worker-error.js';

export interface WorkerInit {
  plan: ClusterPlan;
  pki: ClusterPki;
  formats: readonly string[];
  userProfiles?: UserProfiles;
  provenance?: Provenance;
  /** The OUT writer's tree: each worker writes its hosts' files there and sends back their entries. */
  tree?: TreeTarget;
}

export interface WorkerRequest {
  index: number;
}

export type WorkerReply =
  { index: number; rendered: RenderedHost } | { index: number; error: SerializedError };
