/** What synth() and its host workers say to each other. */
import type { ClusterPki } from '../pki/model.js';
import type { ClusterPlan } from '../plan/model.js';
import type { UserProfiles } from '../profiles/user-profiles.js';
import type { RenderedHost } from './render-planned-host.js';
import type { SerializedError } from './worker-error.js';

export interface WorkerInit {
  plan: ClusterPlan;
  pki: ClusterPki;
  formats: readonly string[];
  userProfiles?: UserProfiles;
}

export interface WorkerRequest {
  index: number;
}

export type WorkerReply =
  { index: number; rendered: RenderedHost } | { index: number; error: SerializedError };
