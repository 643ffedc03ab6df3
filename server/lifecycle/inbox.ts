/**
 * Requests for the one writer from another process: `bootforge reinstall OUT HOST` while serve
 * runs drops `<state>/inbox/<id>.json` (written to a temporary name, then renamed into place);
 * serve's writer applies it, appends it to the log with its id, and removes the file. A request
 * already in the log (the writer died between the two) is only removed.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';

export const INBOX_DIR = 'inbox';

export interface ReinstallRequest {
  id: string;
  host: string;
  by: string;
}

export async function postRequest(stateDir: string, host: string, by: string): Promise<ReinstallRequest> {
  const dir = join(stateDir, INBOX_DIR);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const id = `${Date.now().toString(36).padStart(10, '0')}-${randomBytes(6).toString('hex')}`;
  const request: ReinstallRequest = { id, host, by };
  const temp = join(dir, `.${id}.tmp`);
  await fs.writeFile(temp, `${JSON.stringify({ type: 'reinstall', host, by })}\n`, { mode: 0o600 });
  await fs.rename(temp, join(dir, `${id}.json`));
  return request;
}

/** True once the writer removed the request (it is in the log). */
export async function requestDone(stateDir: string, id: string): Promise<boolean> {
  return fs.stat(join(stateDir, INBOX_DIR, `${id}.json`)).then(
    () => false,
    () => true,
  );
}

/** The requests waiting, oldest first; a file that is not a request is removed and skipped. */
export async function pendingRequests(stateDir: string): Promise<ReinstallRequest[]> {
  const dir = join(stateDir, INBOX_DIR);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const requests: ReinstallRequest[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const id = name.slice(0, -'.json'.length);
    const text = await fs.readFile(join(dir, name), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    try {
      const value = JSON.parse(text) as { type?: unknown; host?: unknown; by?: unknown };
      if (value.type === 'reinstall' && typeof value.host === 'string' && typeof value.by === 'string') {
        requests.push({ id, host: value.host, by: value.by });
        continue;
      }
    } catch {
      // not JSON: dropped below
    }
    await fs.rm(join(dir, name), { force: true });
  }
  return requests;
}

export async function removeRequest(stateDir: string, id: string): Promise<void> {
  await fs.rm(join(stateDir, INBOX_DIR, `${id}.json`), { force: true });
}
