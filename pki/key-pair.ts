/**
 * Private keys: generated with Node's native crypto (async, on the libuv thread pool, so many keys
 * are generated in parallel across cores), stored as PEM. RSA keys are 2048-bit PKCS#1
 * ("RSA PRIVATE KEY"), ECDSA keys are P-256 SEC1 ("EC PRIVATE KEY"): the forms every Kubernetes
 * component, etcd and flannel read.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { children, DerError, readTlv } from './der.js';
import type { KeyAlgorithm } from '../inventory/model.js';

export const RSA_MODULUS_BITS = 2048;
export const EC_CURVE = 'P-256';

const generateKeyPairAsync = promisify(generateKeyPair);

/** A private key with the public half and key identifier derived from it. */
export interface KeyMaterial {
  algorithm: KeyAlgorithm;
  /** PEM private key (PKCS#1 for RSA, SEC1 for EC, or whatever form an existing file used). */
  privateKeyPem: string;
  /** PEM SubjectPublicKeyInfo. */
  publicKeyPem: string;
  /** The same SubjectPublicKeyInfo, DER. */
  publicKeyDer: Buffer;
  /** SHA-1 of the subjectPublicKey bits (RFC 5280 4.2.1.2 method 1), hex. */
  keyId: string;
}

export async function generateKey(algorithm: KeyAlgorithm): Promise<KeyMaterial> {
  const pair =
    algorithm === 'rsa'
      ? await generateKeyPairAsync('rsa', {
          modulusLength: RSA_MODULUS_BITS,
          publicExponent: 0x10001,
          publicKeyEncoding: { type: 'spki', format: 'pem' },
          privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
        })
      : await generateKeyPairAsync('ec', {
          namedCurve: EC_CURVE,
          publicKeyEncoding: { type: 'spki', format: 'pem' },
          privateKeyEncoding: { type: 'sec1', format: 'pem' },
        });
  const publicKeyDer = pemBody(pair.publicKey);
  return {
    algorithm,
    privateKeyPem: pair.privateKey,
    publicKeyPem: pair.publicKey,
    publicKeyDer,
    keyId: keyIdentifier(publicKeyDer),
  };
}

export class UnsupportedKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedKeyError';
  }
}

/** Parse a stored private key; throws when it is not a PEM RSA or P-256 key. */
export function keyFromPem(privateKeyPem: string): KeyMaterial {
  const privateKey = createPrivateKey(privateKeyPem);
  const algorithm = keyAlgorithmOf(privateKey);
  const publicKey = createPublicKey(privateKey);
  const publicKeyDer = publicKey.export({ type: 'spki', format: 'der' });
  return {
    algorithm,
    privateKeyPem,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    publicKeyDer,
    keyId: keyIdentifier(publicKeyDer),
  };
}

export function keyAlgorithmOf(key: KeyObject): KeyAlgorithm {
  if (key.asymmetricKeyType === 'rsa') return 'rsa';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ecdsa';
  const curve = key.asymmetricKeyDetails?.namedCurve;
  throw new UnsupportedKeyError(
    `unsupported key type ${key.asymmetricKeyType ?? 'unknown'}${curve ? ` (${curve})` : ''}; expected RSA or ECDSA P-256`,
  );
}

/**
 * The DER inside a single-block PEM. Decoding base64 here avoids a round trip through OpenSSL's
 * key decoders, which costs milliseconds per key.
 */
export function pemBody(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----(BEGIN|END) [A-Z ]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

/** The RFC 5280 key identifier: SHA-1 over the BIT STRING contents of a SubjectPublicKeyInfo. */
export function keyIdentifier(spki: Buffer): string {
  const bits = children(spki, readTlv(spki, 0))[1];
  if (!bits || bits.tag !== 0x03) throw new DerError('malformed SubjectPublicKeyInfo');
  // The first content byte counts unused bits; the key bits follow.
  return createHash('sha1')
    .update(spki.subarray(bits.start + 1, bits.end))
    .digest('hex');
}
