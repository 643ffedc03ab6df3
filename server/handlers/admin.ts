/**
 * POST /_bootforge/reload, /_bootforge/rearm[/<host>] and /_bootforge/reinstall/<host> (re-arm
 * a host's installer after boot-once; its one-shot secrets too): answered only to the machine itself
 * (127.0.0.1, ::1). With --workers the request may land on any worker; the control it calls
 * reaches the one writer.
 */
import { isAdminAddress } from '../address.js';
import type { Exchange, ResolvedAs } from '../exchange.js';
import { refuse, sendText } from '../respond.js';
import type { ReloadResult } from '../snapshot-store.js';
import type { Handler } from './handler.js';

/** What the admin endpoints and the signals act on. */
export interface ServerControl {
  /** Loads OUT again; on success also re-arms every one-shot secret. */
  reload(cause: string): Promise<ReloadResult>;
  rearm(host?: string): Promise<number>;
  /** Arms the host's installer again (boot once, issue 10) and re-arms its one-shot secrets. */
  reinstall(host: string, by: string): Promise<void>;
  /** The generation being served now. */
  generation(): number;
}

export function adminHandler(control: ServerControl): Handler<'admin'> {
  return async (ex: Exchange, resolution: ResolvedAs<'admin'>): Promise<void> => {
    if (!isAdminAddress(ex.remote)) {
      refuse(ex, 403, 'admin endpoints answer 127.0.0.1 and ::1 only');
      return;
    }
    if (resolution.action === 'reload') {
      const result = await control.reload('admin');
      if (result.ok) {
        sendText(ex, 200, `reloaded: generation ${result.generation}; one-shot secrets re-armed\n`);
        return;
      }
      ex.reply.reason = result.reason;
      sendText(
        ex,
        500,
        `reload failed, still serving generation ${control.generation()}: ${result.reason}\n`,
      );
      return;
    }
    if (resolution.host !== undefined && !ex.snapshot.hosts.has(resolution.host)) {
      refuse(ex, 404, `no host named '${resolution.host}' in this inventory`);
      return;
    }
    if (resolution.action === 'reinstall' && resolution.host !== undefined) {
      await control.reinstall(resolution.host, 'admin');
      ex.reply.host = resolution.host;
      sendText(
        ex,
        200,
        `re-armed ${resolution.host} for installation: its boot entries boot the installer again\n`,
      );
      return;
    }
    const cleared = await control.rearm(resolution.host);
    if (resolution.host !== undefined) ex.reply.host = resolution.host;
    sendText(ex, 200, `re-armed ${cleared} one-shot secret(s) for ${resolution.host ?? 'all hosts'}\n`);
  };
}
