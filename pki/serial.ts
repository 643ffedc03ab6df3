/**
 * Certificate serial numbers: 128 random bits, encoded as a positive, minimally encoded DER INTEGER
 * (Go's x509 parser, used by etcd and Kubernetes, rejects non-minimal or negative serials).
 */
import { randomBytes } from 'node:crypto';

export function randomSerialHex(): string {
  const bytes = randomBytes(16);
  // Clear the sign bit; a zero first byte would make the encoding non-minimal.
  bytes[0] = bytes[0]! & 0x7f || 0x01;
  return bytes.toString('hex');
}
