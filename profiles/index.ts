/**
 * The profiles stage: ClusterPlan + ClusterPki (+ user profiles) -> one HostConfig per host.
 *
 *   const userProfiles = cluster.profilesDir ? loadUserProfiles(resolve(invDir, cluster.profilesDir)) : undefined;
 *   const problems = artifactPinDiagnostics(plan);            // report before rendering
 *   const hosts = buildHostConfigs(plan, pki, { userProfiles }); // throws ProfileError on bad input
 */
export { buildHostConfig, buildHostConfigs, type BuildOptions } from './build-host-config.js';
export { finalizeHostConfig } from './finalize.js';
export { loadUserProfiles, type UserProfiles, type UserProfile } from './user-profiles.js';
export { ProfileError, type ProfileErrorCode } from './errors.js';
export { artifactPinDiagnostics, profileErrorDiagnostic } from './diagnostics.js';
export { FLAG_LIFECYCLE, flagProblem } from './flags/flag.js';
