/** The real openssl CLI, as the judge of what the PKI produced. */
import { execFileSync, spawnSync } from 'node:child_process';

export function openssl(args: string[], input?: string): string {
  return execFileSync('openssl', args, { encoding: 'utf8', ...(input !== undefined ? { input } : {}) });
}

/** openssl verify; returns its combined output and whether it accepted the chain. */
export function verify(caFile: string, certFile: string): { ok: boolean; output: string } {
  const r = spawnSync('openssl', ['verify', '-CAfile', caFile, certFile], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

export interface OpensslView {
  text: string;
  subject: string;
  issuer: string;
  sans: string[];
  keyUsage: string[];
  extendedKeyUsage: string[];
  basicConstraints: string;
  notBefore: Date;
  notAfter: Date;
  serial: string;
  subjectKeyId: string;
  authorityKeyId: string;
}

function extension(text: string, name: string): { critical: boolean; value: string } | undefined {
  const match = new RegExp(`X509v3 ${name}:( critical)? *\\n\\s*(.*)`).exec(text);
  return match ? { critical: match[1] !== undefined, value: match[2]!.trim() } : undefined;
}

export function view(certFile: string): OpensslView {
  const text = openssl(['x509', '-in', certFile, '-noout', '-text']);
  const field = (flag: string): string => openssl(['x509', '-in', certFile, '-noout', flag]).trim();
  const bc = extension(text, 'Basic Constraints');
  const ku = extension(text, 'Key Usage');
  return {
    text,
    subject: field('-subject').replace(/^subject=/, ''),
    issuer: field('-issuer').replace(/^issuer=/, ''),
    sans: (extension(text, 'Subject Alternative Name')?.value ?? '').split(', ').filter((s) => s !== ''),
    keyUsage: ku ? [...(ku.critical ? ['critical'] : []), ...ku.value.split(', ')] : [],
    extendedKeyUsage: (extension(text, 'Extended Key Usage')?.value ?? '')
      .split(', ')
      .filter((s) => s !== ''),
    basicConstraints: bc ? `${bc.critical ? 'critical ' : ''}${bc.value}` : '',
    notBefore: new Date(field('-startdate').replace(/^notBefore=/, '')),
    notAfter: new Date(field('-enddate').replace(/^notAfter=/, '')),
    serial: field('-serial').replace(/^serial=/, ''),
    subjectKeyId: extension(text, 'Subject Key Identifier')?.value ?? '',
    authorityKeyId: (extension(text, 'Authority Key Identifier')?.value ?? '').replace(/^keyid:/, ''),
  };
}

/** The public key of a certificate or private key, as PEM (to check that they belong together). */
export function publicKeyOfCertificate(certFile: string): string {
  return openssl(['x509', '-in', certFile, '-noout', '-pubkey']);
}

export function publicKeyOfKey(keyFile: string): string {
  return openssl(['pkey', '-in', keyFile, '-pubout']);
}

export function normalisedPublicKey(publicKeyFile: string): string {
  return openssl(['pkey', '-pubin', '-in', publicKeyFile, '-pubout']);
}
