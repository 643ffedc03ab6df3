/**
 * Bearer tokens and the static token file (kube-apiserver `--token-auth-file`, known_tokens.csv).
 * Generation uses the OS CSPRNG; rendering is pure.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { BootstrapToken, StaticToken } from './model.js';

const TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const BOOTSTRAP_TOKEN_PATTERN = /^([a-z0-9]{6})\.([a-z0-9]{16})$/;

function randomString(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)];
  return out;
}

export function generateBootstrapToken(): BootstrapToken {
  return { id: randomString(6), secret: randomString(16) };
}

export function formatBootstrapToken(token: BootstrapToken): string {
  return `${token.id}.${token.secret}`;
}

/** Parse `id.secret`; undefined when the text is not a bootstrap token. */
export function parseBootstrapToken(text: string): BootstrapToken | undefined {
  const match = BOOTSTRAP_TOKEN_PATTERN.exec(text.trim());
  return match ? { id: match[1]!, secret: match[2]! } : undefined;
}

/** 32 random bytes, base64: an AES-256 key for the apiserver's encryption-config.yaml. */
export function generateEncryptionKey(): string {
  return randomBytes(32).toString('base64');
}

export function isEncryptionKey(text: string): boolean {
  return /^[A-Za-z0-9+/]{43}=$/.test(text) && Buffer.from(text, 'base64').length === 32;
}

/**
 * A host's install-lifecycle report token: 32 random bytes, base64url without padding (43
 * characters). The host presents it as `Authorization: Bearer <token>` to `POST /report/<host>`.
 */
export function generateReportToken(): string {
  return randomBytes(32).toString('base64url');
}

export function isReportToken(text: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(text) && Buffer.from(text, 'base64url').toString('base64url') === text;
}

/** The kubeconfig user of the kubelet bootstrap token, and the group its Secret puts it in. */
export const KUBELET_BOOTSTRAP_USER = 'kubelet-bootstrap';
export const BOOTSTRAPPERS_GROUP = 'system:bootstrappers';

function csvField(value: string, forceQuotes: boolean): string {
  if (/[\r\n]/.test(value)) throw new Error('token file fields cannot contain line breaks');
  if (!forceQuotes && !/[",]/.test(value)) return value;
  return `"${value.replace(/"/g, '""')}"`;
}

/**
 * known_tokens.csv: `token,user,uid[,"group1,group2"]`, no header, one line per token. The groups
 * column is quoted (required once it holds more than one group; harmless with one).
 */
export function renderKnownTokens(tokens: readonly StaticToken[]): string {
  return tokens
    .map((t) => {
      const fields = [csvField(t.token, false), csvField(t.user, false), csvField(t.uid, false)];
      if (t.groups.length > 0) fields.push(csvField(t.groups.join(','), true));
      return `${fields.join(',')}\n`;
    })
    .join('');
}
