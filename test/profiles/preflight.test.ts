/**
 * preflightHostConfigs places a HostConfig contract failure at the inventory value that caused it
 * (issue 13.4): an SSH key at its own entry under cluster.ssh.authorizedKeys, a download URL at
 * the mirror it starts with; only what no inventory value explains points at the host (or its
 * profiles). Validation refuses these values first (BAD_SSH_KEY, UNSAFE_URL); this is the check
 * behind it, so the plans here are edited past validation.
 */
import { describe, expect, it } from 'vitest';
import type { ClusterPlan } from '../../plan/model.js';
import { ProfileError } from '../../profiles/errors.js';
import { preflightHostConfigs } from '../../profiles/preflight.js';
import { makePlan } from './fixtures.js';

const GOOD_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILfe2CYNLNY/fsKUPymOhid64Ez+hFpBW3wxOfA+9ejq admin@example';

function withCluster(plan: ClusterPlan, edit: (c: ClusterPlan['inventory']['cluster']) => void): ClusterPlan {
  const cluster = structuredClone(plan.inventory.cluster);
  edit(cluster);
  return { ...plan, inventory: { ...plan.inventory, cluster } };
}

function refusal(plan: ClusterPlan): ProfileError {
  try {
    preflightHostConfigs(plan);
  } catch (error) {
    if (error instanceof ProfileError) return error;
    throw error;
  }
  throw new Error('preflight accepted the plan');
}

describe('preflightHostConfigs', () => {
  it('places a refused SSH key at its entry of cluster.ssh.authorizedKeys', () => {
    const plan = withCluster(makePlan(), (c) => {
      c.ssh.authorizedKeys = [GOOD_KEY, `${GOOD_KEY} "quoted"`];
    });
    const error = refusal(plan);
    expect(error.code).toBe('PROFILE_INVALID');
    expect(error.path).toBe('cluster.ssh.authorizedKeys[1]');
    expect(error.message).toMatch(/SSH key .* double quote/);
  });

  it('places a refused download URL at cluster.artifacts.mirror', () => {
    const plan = withCluster(makePlan(), (c) => {
      c.artifacts.mirror = 'http://mirror.example.com/a b';
    });
    const error = refusal(plan);
    expect(error.code).toBe('PROFILE_INVALID');
    expect(error.path).toBe('cluster.artifacts.mirror');
    expect(error.message).toMatch(/non-http\(s\) URL http:\/\/mirror\.example\.com\/a b/);
  });

  it('accepts the plan as validation leaves it', () => {
    expect(() => preflightHostConfigs(makePlan())).not.toThrow();
  });
});
