/**
 * Crash safety with RSA keys: each key takes long enough that kills land between a key and its
 * certificate, and between a CA key and the CA certificate.
 */
import { describe, it } from 'vitest';
import { haveTool } from '../pki/fixtures.js';
import { killAndRecover } from '../pki/kill-harness.js';

describe.skipIf(!haveTool('openssl'))('killing an RSA issuance at random moments', () => {
  it('never leaves a half-written key, a missing CA or a second CA, and the next run completes', async () => {
    await killAndRecover({ keyAlgorithm: 'rsa', kubeletCredentials: 'static', extraNodes: 4 }, 12);
  });
});
