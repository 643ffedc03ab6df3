/**
 * Small answers: one line of text, or for iPXE an error script (iPXE does not run the body of an
 * error response; serving/ipxe-script.ts). Each records its bytes in the exchange's reply.
 */
import { ipxeErrorScript, UNKNOWN_MAC_SCRIPT } from '../serving/ipxe-script.js';
import type { Exchange, ResolvedAs } from './exchange.js';

export const ALLOW = 'GET, HEAD';
const TEXT = 'text/plain; charset=utf-8';

export function sendText(ex: Exchange, status: number, body: string, type = TEXT): void {
  const bytes = Buffer.from(body);
  ex.res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': bytes.length,
    'Cache-Control': 'no-store',
  });
  ex.res.end(ex.head ? undefined : bytes);
  ex.reply.bytes = ex.head ? 0 : bytes.length;
}

/** A refusal or error; its reason goes to the log, and to the client as text or an iPXE script. */
export function sendError(ex: Exchange, error: ResolvedAs<'error'>): void {
  ex.reply.reason = error.reason;
  if (error.host) ex.reply.host = error.host.name;
  if (error.status === 405)
    ex.res.setHeader('Allow', error.route === 'admin' || error.route === 'report' ? 'POST' : ALLOW);
  if (error.ipxe === false) {
    sendText(ex, error.status, `${error.reason}\n`);
    return;
  }
  // The real status stays visible to tools, the log and the metrics.
  ex.res.setHeader('X-Bootforge-Status', String(error.status));
  sendText(
    ex,
    200,
    error.ipxe === 'unknown-mac' ? UNKNOWN_MAC_SCRIPT : ipxeErrorScript(error.status, error.reason),
  );
}

/** A refusal the handlers decide (secret rule, admin address) rather than the resolver. */
export function refuse(ex: Exchange, status: 403 | 404, reason: string, ipxe = false): void {
  sendError(ex, { kind: 'error', route: ex.reply.route, status, reason, ipxe: ipxe ? 'reason' : false });
}
