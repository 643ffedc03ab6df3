import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../server/manifest.js';
import { decideSecret, OneShotLedger } from '../../server/secret-policy.js';
import { buildSnapshot, makeServedFile, type ServedFile, type Snapshot } from '../../server/snapshot.js';

const manifest = parseManifest({
  files: [],
  hosts: [
    { name: 'a', ip: '10.0.0.1', mac: '52:54:00:00:00:01', roles: [] },
    { name: 'b', ip: '10.0.0.2', mac: '52:54:00:00:00:02', roles: [] },
  ],
});

function secret(content: string, host?: string): ServedFile {
  return makeServedFile('hosts/a/user-data', Buffer.from(content), {
    secret: true,
    ...(host ? { host } : {}),
  });
}

const snapshot: Snapshot = buildSnapshot(manifest, [], 1);
const strict = { allowAnySource: false, oneShot: false };

describe('decideSecret', () => {
  it('lets anyone have a public file', () => {
    const file = makeServedFile('pxe/boot.ipxe', Buffer.from('#!ipxe\n'), { secret: false });
    expect(decideSecret(file, '192.0.2.9', snapshot, strict)).toEqual({ allowed: true });
  });

  it("gives a secret only to its host's address", () => {
    const file = secret('k', 'a');
    expect(decideSecret(file, '10.0.0.1', snapshot, strict).allowed).toBe(true);
    expect(decideSecret(file, '10.0.0.2', snapshot, strict)).toEqual({
      allowed: false,
      reason: 'secret file of host a is served only to 10.0.0.1, not to 10.0.0.2',
    });
  });

  it('never gives a secret that belongs to no host, even with --allow-any-source', () => {
    const decision = decideSecret(secret('k'), '10.0.0.1', snapshot, {
      allowAnySource: true,
      oneShot: false,
    });
    expect(decision.allowed).toBe(false);
  });

  it('one-shot: a claimed file is refused, new content for it is armed again, re-arm clears a host', () => {
    const ledger = new OneShotLedger();
    const options = { allowAnySource: false, oneShot: true };
    const claimOf = (content: string): { host: string; key: string } => {
      const decision = decideSecret(secret(content, 'a'), '10.0.0.1', snapshot, options);
      if (!decision.allowed || decision.claim === undefined) throw new Error('expected a claim');
      return decision.claim;
    };
    expect(claimOf('v1')).toEqual({ host: 'a', key: OneShotLedger.key(secret('v1', 'a')) });
    expect(ledger.claim('a', claimOf('v1').key)).toBe(true);
    // Check and claim are one step: the second claim of the same content is refused.
    expect(ledger.claim('a', claimOf('v1').key)).toBe(false);
    expect(ledger.claim('a', claimOf('v2').key)).toBe(true);
    expect(ledger.rearm('b')).toBe(0);
    expect(ledger.rearm('a')).toBe(2);
    expect(ledger.claim('a', claimOf('v1').key)).toBe(true);
  });
});
