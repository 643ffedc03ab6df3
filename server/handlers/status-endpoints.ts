/** /healthz and /metrics. */
import type { Exchange } from '../exchange.js';
import { sendText } from '../respond.js';
import type { Handler } from './handler.js';

export function healthHandler(closing: () => boolean): Handler<'health'> {
  return (ex: Exchange): void => {
    if (closing()) sendText(ex, 503, 'shutting down\n');
    else sendText(ex, 200, `ok generation ${ex.snapshot.generation}\n`);
  };
}

/** `render` merges every serving process's counters when there are several. */
export function metricsHandler(render: () => Promise<string> | string): Handler<'metrics'> {
  return async (ex: Exchange): Promise<void> => {
    sendText(ex, 200, await render(), 'text/plain; version=0.0.4; charset=utf-8');
  };
}
