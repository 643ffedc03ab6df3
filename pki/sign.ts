/**
 * One entry point over the two X.509 backends: node-forge when issuer and subject keys are RSA,
 * @peculiar/x509 (WebCrypto) whenever an ECDSA key is involved.
 */
import { signWithForge } from './forge-signer.js';
import type { SigningRequest } from './signing-request.js';
import { signWithWebCrypto } from './webcrypto-signer.js';

export type { IssuingAuthority, SigningRequest } from './signing-request.js';

/** Returns the PEM certificate. */
export async function signCertificate(request: SigningRequest): Promise<string> {
  const signer = request.issuer?.key ?? request.subjectKey;
  if (signer.algorithm === 'rsa' && request.subjectKey.algorithm === 'rsa') return signWithForge(request);
  return signWithWebCrypto(request);
}
