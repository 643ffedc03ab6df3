/**
 * Crash safety with ECDSA keys (fast enough for the unit suite): SIGKILL during issuance, many
 * times, then recover. test/e2e/pki-kill-rsa.test.ts does the same with slow RSA keys, where the
 * window between a key and its certificate is wide.
 */
import { describe, it } from 'vitest';
import { haveTool } from './fixtures.js';
import { killAndRecover } from './kill-harness.js';

describe.skipIf(!haveTool('openssl'))('killing the issuing process at random moments', () => {
  it('never leaves a half-written key, a missing CA or a second CA, and the next run completes', async () => {
    await killAndRecover({ keyAlgorithm: 'ecdsa', kubeletCredentials: 'static', extraNodes: 60 }, 10);
  }, 300_000);
});
