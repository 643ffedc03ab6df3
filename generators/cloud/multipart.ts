/**
 * Deterministic MIME multipart user-data (what cloud-init's `write-mime-multipart` makes): each
 * part typed by its first line, the boundary derived from a hash of the parts (and checked not to
 * occur in them), so the same parts always give the same bytes.
 */
import { createHash } from 'node:crypto';

export interface MimePart {
  /** File name shown in the part's Content-Disposition. */
  filename: string;
  content: string;
}

/** cloud-init's part types, by the header line it recognises. */
const TYPES: readonly [prefix: string, type: string][] = [
  ['## template: jinja', 'text/jinja2'],
  ['#cloud-config-archive', 'text/cloud-config-archive'],
  ['#cloud-config', 'text/cloud-config'],
  ['#cloud-boothook', 'text/cloud-boothook'],
  ['#include', 'text/x-include-url'],
  ['#part-handler', 'text/part-handler'],
  ['#!', 'text/x-shellscript'],
];

export function partContentType(content: string): string {
  for (const [prefix, type] of TYPES) if (content.startsWith(prefix)) return type;
  if (/^(content-type|mime-version):/i.test(content)) {
    throw new Error('user-data is already MIME; it cannot be nested as a part');
  }
  return 'text/plain';
}

export function renderMultipart(parts: readonly MimePart[]): string {
  const digest = createHash('sha256');
  for (const p of parts) digest.update(p.filename).update('\0').update(p.content).update('\0');
  const boundary = `===============bootforge-${digest.digest('hex').slice(0, 24)}==`;
  if (parts.some((p) => p.content.includes(boundary))) throw new Error('MIME boundary collides with a part');
  const lines = [`Content-Type: multipart/mixed; boundary="${boundary}"`, 'MIME-Version: 1.0', ''];
  for (const part of parts) {
    const ascii = Buffer.byteLength(part.content, 'utf8') === part.content.length;
    lines.push(
      `--${boundary}`,
      `Content-Type: ${partContentType(part.content)}; charset="${ascii ? 'us-ascii' : 'utf-8'}"`,
      'MIME-Version: 1.0',
      `Content-Transfer-Encoding: ${ascii ? '7bit' : '8bit'}`,
      `Content-Disposition: attachment; filename="${part.filename}"`,
      '',
      // The line break before the next boundary belongs to the boundary: the part is exact.
      part.content,
    );
  }
  lines.push(`--${boundary}--`, '');
  return lines.join('\n');
}
