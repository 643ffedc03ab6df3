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
 * type written inside it must equal the one in front (catches truncated or mixed-up pastes). It is
 * one line without quotes or backslashes: every format carries it as one quoted word.
 */
export function sshKeyProblem(line: string): string | undefined {
  const odd = [...line].find((c) => c !== ' ' && c !== '\t' && isControlOrSpace(c));
  if (odd !== undefined) return `contains ${describeCharacter(odd)}; a key is one line of the .pub file`;
  const quote = [...line].find((c) => c === '"' || c === '\\');
  if (quote !== undefined) {
    return `contains ${describeCharacter(quote)}, which kickstart and authorized_keys would read as quoting; remove it from the comment`;
  }
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

/** Whitespace or a C0/C1 control character (a line break, a tab, NUL, DEL, ...). */
export function isControlOrSpace(c: string): boolean {
  const code = c.codePointAt(0) ?? 0;
  return code <= 0x20 || (code >= 0x7f && code <= 0x9f) || /\s/u.test(c);
}

/** One character as a message shows it: `a space`, `a line break`, `'"'`, `'é' (U+00E9)`. */
export function describeCharacter(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  const unicode = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (c === ' ') return 'a space';
  if (c === '\n' || c === '\r') return 'a line break';
  if (c === '\t') return 'a tab';
  if (isControlOrSpace(c)) return `the invisible character ${unicode}`;
  if (code > 0x7e) return `'${c}' (${unicode})`;
  return `'${c}'`;
}

/**
 * Why `path` is not a clean absolute path (`/var/lib/tftpboot`), or undefined: letters, digits and
 * `. _ + - /` only (it is copied unquoted into dnsmasq.conf and boot scripts), no `.`/`..`/empty
 * segment. `allowed` widens the character set (device names may hold ':' and '@').
 */
export function absolutePathProblem(path: string, allowed = ''): string | undefined {
  if (!path.startsWith('/')) return 'is not an absolute path (it must start with /)';
  const ok = (c: string) => /^[A-Za-z0-9._+/-]$/.test(c) || allowed.includes(c);
  const bad = [...new Set([...path].filter((c) => !ok(c)))];
  if (bad.length > 0) return `contains ${bad.map(describeCharacter).join(', ')}`;
  const segments = path.replace(/\/$/, '').split('/').slice(1);
  if (path !== '/' && segments.some((s) => s === '' || s === '.' || s === '..')) {
    return "has an empty, '.' or '..' segment";
  }
  return undefined;
}

/** Why `disk` is not a clean device path under /dev (`/dev/sda`, `/dev/disk/by-path/pci-0000:00:1f.2-ata-1`). */
export function devicePathProblem(disk: string): string | undefined {
  if (!disk.startsWith('/dev/') || disk.length === '/dev/'.length) return 'is not a path under /dev/';
  if (disk.endsWith('/')) return 'ends with /, so it names a directory, not a device';
  return absolutePathProblem(disk, ':@');
}
