/**
 * POST /report/<host>: a host says where its install is. Checked in this order, each with its
 * own status: the host is in this OUT's lifecycle/hosts.json (404), the bearer token is its own
 * (401 missing or wrong, 403 another host's), the body is at most 8 KiB (413), the body is a
 * report (400), the host is within its rate (429, Retry-After). An accepted report is on disk
 * before the answer: 202 with the host's state as JSON. The token is never logged or echoed.
 */
import type { IncomingMessage } from 'node:http';
import type { Exchange, ResolvedAs } from '../exchange.js';
import { MAX_REPORT_BYTES, parseReport } from '../lifecycle/report-body.js';
import { checkToken } from '../lifecycle/report-tokens.js';
import { sendText } from '../respond.js';
import type { Lifecycle } from '../state/lifecycle-part.js';
import type { Handler } from './handler.js';

function deny(ex: Exchange, status: number, reason: string, headers: Record<string, string> = {}): void {
  ex.reply.reason = reason;
  for (const [name, value] of Object.entries(headers)) ex.res.setHeader(name, value);
  sendText(ex, status, `${reason}\n`);
}

/** Too large: answered at once; the connection closes after the answer, the rest is not read. */
function tooLarge(ex: Exchange): void {
  deny(ex, 413, `a report is at most ${MAX_REPORT_BYTES} bytes`, { Connection: 'close' });
  ex.req.resume();
}

/** The body, or undefined when it grew past the bound (the 413 is sent here). */
function readBody(ex: Exchange): Promise<Buffer | undefined> {
  const req: IncomingMessage = ex.req;
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > MAX_REPORT_BYTES) {
        req.off('data', onData);
        req.off('end', onEnd);
        tooLarge(ex);
        done(undefined);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => done(Buffer.concat(chunks));
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', fail);
  });
}

export function reportHandler(lifecycle: Lifecycle): Handler<'report'> {
  return async (ex: Exchange, resolution: ResolvedAs<'report'>): Promise<void> => {
    const { req, snapshot } = ex;
    const name = resolution.hostName;
    const tokens = snapshot.reportTokens;
    if (tokens === undefined) {
      deny(ex, 404, 'this OUT has no lifecycle/hosts.json (regenerate it): no host can report');
      return;
    }
    if (!tokens.hosts.has(name)) {
      deny(ex, 404, `no host named '${name}' in this inventory`);
      return;
    }
    ex.reply.host = name;
    const verdict = checkToken(tokens, name, req.headers.authorization);
    if (verdict === 'missing') {
      deny(ex, 401, "missing bearer token (Authorization: Bearer <the host's /etc/bootforge/report-token>)", {
        'WWW-Authenticate': 'Bearer realm="bootforge"',
      });
      return;
    }
    if (verdict === 'wrong') {
      deny(ex, 401, `wrong token for host ${name}`, {
        'WWW-Authenticate': 'Bearer realm="bootforge", error="invalid_token"',
      });
      return;
    }
    if (verdict === 'other-host') {
      deny(ex, 403, `the token is another host's, not ${name}'s`);
      return;
    }
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > MAX_REPORT_BYTES) {
      tooLarge(ex);
      return;
    }
    const body = await readBody(ex);
    if (body === undefined) return;
    const report = parseReport(body);
    if (typeof report === 'string') {
      deny(ex, 400, report);
      return;
    }
    const answer =
      'progress' in report
        ? await lifecycle.progress(name, report.progress)
        : await lifecycle.report(name, report);
    if (!answer.accepted) {
      deny(ex, 429, `host ${name} reports too often; retry in ${answer.retryAfter} s`, {
        'Retry-After': String(answer.retryAfter),
      });
      return;
    }
    const { state } = answer;
    sendText(
      ex,
      202,
      `${JSON.stringify({ host: name, phase: state.phase, since: state.since, bootLocal: state.bootLocal })}\n`,
      'application/json',
    );
  };
}
