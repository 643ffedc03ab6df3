/**
 * Small syntax predicates shared by the semantic rules (names, URLs, labels, keys).
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** RFC 1123 label: lower-case letters, digits and '-', 1 to 63 chars, no '-' at either end. */
export function isDnsLabel(text: string): boolean {
  return DNS_LABEL.test(text);
}

/** A DNS name: dot-separated RFC 1123 labels (case-insensitive), at most 253 characters. */
export function isDnsName(text: string): boolean {
  if (text.length === 0 || text.length > 253) return false;
  return text
    .toLowerCase()
    .replace(/\.$/, '')
    .split('.')
    .every((label) => DNS_LABEL.test(label));
}

export function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** Kubernetes label key: `[prefix/]name`, prefix a DNS subdomain, name up to 63 chars. */
export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  return LABEL_NAME.test(name) && (prefix === undefined || isDnsName(prefix));
}

/** Kubernetes label value: empty, or up to 63 chars of [A-Za-z0-9-_.] starting and ending alphanumeric. */
export function isLabelValue(value: string): boolean {
  return value === '' || LABEL_NAME.test(value);
}

/** Linux interface names: 1 to 15 characters, no '/', ':' or whitespace (kernel dev_valid_name). */
export function isInterfaceName(text: string): boolean {
  return /^[A-Za-z0-9_.-]{1,15}$/.test(text) && text !== '.' && text !== '..';
}

const SSH_KEY_TYPES = new Set([
  'ssh-ed25519',
  'ssh-rsa',
  'ssh-dss',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'sk-ssh-ed25519@openssh.com',
  'sk-ecdsa-sha2-nistp256@openssh.com',
]);

/**
 * An OpenSSH public key line `type base64 [comment]`. The base64 blob must decode, and the key
 * type written inside it must equal the one in front (catches truncated or mixed-up pastes).
 */
export function sshKeyProblem(line: string): string | undefined {
  const [type, blob] = line.trim().split(/\s+/);
  if (!type || !SSH_KEY_TYPES.has(type)) return `unknown key type '${type ?? ''}'`;
  if (!blob || !/^[A-Za-z0-9+/]+={0,2}$/.test(blob)) return 'missing or malformed base64 key data';
  const data = Buffer.from(blob, 'base64');
  if (data.length < 4) return 'key data too short';
  const nameLength = data.readUInt32BE(0);
  const embedded = data.subarray(4, 4 + nameLength).toString('latin1');
  if (embedded !== type)
    return `key data is a '${embedded}' key, not '${type}' (truncated or mixed-up paste?)`;
  return undefined;
}
