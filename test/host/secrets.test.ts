import { describe, expect, it } from 'vitest';
import { carriesSecrets, isSecretMode } from '../../host/secrets.js';
import { fixtureHostConfig, fixturePlan } from '../fixtures/boot-media/cluster.js';
import { hostFiles } from '../generators/support/contexts.js';

const plan = fixturePlan();
const name = plan.hosts[0]!.name;
const bare = fixtureHostConfig(plan, name);
const withHash = { ...bare, install: { ...bare.install, rootPasswordHash: '$6$salt$hash' } };
const withKey = {
  ...bare,
  files: [{ path: '/etc/x/key.pem', mode: 0o600, content: 'k', secret: true }],
};

function modes(host: typeof bare): Record<string, number> {
  const files = hostFiles(plan, host, ['cloud-init', 'kickstart', 'iso']);
  return Object.fromEntries(
    files
      .filter((f) => ['user-data', 'ks.cfg', 'seed.iso'].includes(f.path.split('/').pop()!))
      .map((f) => [f.path.split('/').pop()!, f.mode]),
  );
}

describe('isSecretMode', () => {
  it('is true when group and others get nothing', () => {
    expect([0o600, 0o700, 0o400].map(isSecretMode)).toEqual([true, true, true]);
    expect([0o644, 0o640, 0o604, 0o755].map(isSecretMode)).toEqual([false, false, false, false]);
  });
});

describe('carriesSecrets', () => {
  it('is true for a secret file or a root password hash, false otherwise', () => {
    expect(carriesSecrets(bare)).toBe(false);
    expect(carriesSecrets(withKey)).toBe(true);
    expect(carriesSecrets(withHash)).toBe(true);
  });

  it('makes user-data, ks.cfg and the seed ISO built from them 0600 when root has a password hash', () => {
    expect(modes(bare)).toEqual({ 'user-data': 0o644, 'ks.cfg': 0o644, 'seed.iso': 0o644 });
    expect(modes(withHash)).toEqual({ 'user-data': 0o600, 'ks.cfg': 0o600, 'seed.iso': 0o600 });
  });
});
