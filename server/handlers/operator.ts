/**
 * The operator pages: GET /status (JSON), GET /ui (the live page) and GET /ui/events (its
 * server-sent events), answered to operator addresses only (server/operator-address.ts). Each
 * serving process answers from its replica of the lifecycle state; an event stream follows the
 * replica's changes and is ended when the server shuts down.
 */
import type { ServerResponse } from 'node:http';
import type { Exchange, ResolvedAs } from '../exchange.js';
import { buildStatus, statusHost, summarize, type StatusDocument } from '../lifecycle/status-doc.js';
import { renderHost, renderPage, renderSummary } from '../lifecycle/status-page.js';
import type { OperatorAccess } from '../operator-address.js';
import { sendText } from '../respond.js';
import type { Snapshot } from '../snapshot.js';
import type { Lifecycle } from '../state/lifecycle-part.js';
import type { Handler } from './handler.js';

export function statusOf(snapshot: Snapshot, lifecycle: Lifecycle): StatusDocument {
  return buildStatus(snapshot.hosts.values(), (name) => lifecycle.host(name));
}

const HEARTBEAT_MS = 15_000;

export interface OperatorPages {
  handler: Handler<'operator'>;
  /** Ends every open event stream (shutdown). */
  close(): void;
}

export function operatorPages(deps: {
  lifecycle: Lifecycle;
  access: OperatorAccess;
  current(): Snapshot;
  title?: string;
}): OperatorPages {
  const streams = new Set<ServerResponse>();

  const events = (ex: Exchange): void => {
    const { res } = ex;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    });
    const send = (chunk: string): void => {
      ex.reply.bytes += Buffer.byteLength(chunk);
      res.write(chunk);
    };
    send('retry: 2000\n\n');
    if (ex.head) {
      res.end();
      return;
    }
    const generation = ex.snapshot.generation;
    streams.add(res);
    const stop = deps.lifecycle.onChange((name) => {
      const snapshot = deps.current();
      if (snapshot.generation !== generation) {
        // OUT was regenerated: hosts may have come or gone; the page loads itself again.
        send('event: reload\ndata: {}\n\n');
        return;
      }
      const host = snapshot.hosts.get(name);
      if (host === undefined) return;
      const status = statusOf(snapshot, deps.lifecycle);
      const shown = statusHost(host, deps.lifecycle.host(name));
      send(`event: host\ndata: ${JSON.stringify({ name, html: renderHost(shown) })}\n\n`);
      send(`event: summary\ndata: ${JSON.stringify({ html: renderSummary(summarize(status.hosts)) })}\n\n`);
    });
    const heartbeat = setInterval(() => send(': heartbeat\n\n'), HEARTBEAT_MS);
    res.once('close', () => {
      stop();
      clearInterval(heartbeat);
      streams.delete(res);
    });
  };

  return {
    handler: (ex: Exchange, resolution: ResolvedAs<'operator'>): void => {
      const refusal = deps.access.refusal(ex.remote, (address) => ex.snapshot.byAddress.has(address));
      if (refusal !== undefined) {
        ex.reply.reason = refusal;
        sendText(ex, 403, `${refusal}\n`);
        return;
      }
      if (resolution.view === 'events') {
        events(ex);
        return;
      }
      const status = statusOf(ex.snapshot, deps.lifecycle);
      if (resolution.view === 'status') {
        sendText(ex, 200, `${JSON.stringify(status, null, 2)}\n`, 'application/json');
        return;
      }
      sendText(
        ex,
        200,
        renderPage(status, deps.title ?? 'bootforge: install status'),
        'text/html; charset=utf-8',
      );
    },
    close() {
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}
