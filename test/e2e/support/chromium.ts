/**
 * Debian's headless chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe:
 * JSON messages separated by NUL bytes, chromium reads fd 3 and writes fd 4), so no WebSocket
 * client or browser-automation package is needed. Enough to load a page, read what it shows,
 * wait for it to change, and take a screenshot.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

export const CHROMIUM = 'chromium';

interface Pending {
  resolve(value: Record<string, unknown>): void;
  reject(error: Error): void;
}

export interface Page {
  navigate(url: string): Promise<void>;
  /** Evaluates `expression` in the page; its value, by JSON. */
  evaluate<T>(expression: string): Promise<T>;
  /** Polls `expression` until it is truthy. */
  waitFor(expression: string, timeoutMs?: number): Promise<void>;
  screenshot(): Promise<Buffer>;
  close(): Promise<void>;
}

export async function openPage(width = 1280, height = 900): Promise<Page> {
  const profile = await mkdtemp(join(tmpdir(), 'bootforge-chromium-'));
  const child: ChildProcess = spawn(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--remote-debugging-pipe',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
  const input = child.stdio[3] as Writable;
  const output = child.stdio[4] as Readable;
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let buffer = Buffer.alloc(0);
  output.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (let end = buffer.indexOf(0); end !== -1; end = buffer.indexOf(0)) {
      const message = JSON.parse(buffer.subarray(0, end).toString('utf8')) as {
        id?: number;
        result?: Record<string, unknown>;
        error?: { message: string };
      };
      buffer = buffer.subarray(end + 1);
      if (message.id === undefined) continue;
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(`chromium: ${message.error.message}`));
      else waiter?.resolve(message.result ?? {});
    }
  });
  child.once('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`chromium exited ${code}: ${stderr}`));
    pending.clear();
  });
  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      input.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });

  const { targetId } = (await send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
  const { sessionId } = (await send('Target.attachToTarget', { targetId, flatten: true })) as {
    sessionId: string;
  };
  const call = (method: string, params: Record<string, unknown> = {}) => send(method, params, sessionId);
  await call('Page.enable');
  await call('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false });

  const page: Page = {
    async navigate(url) {
      await call('Page.navigate', { url });
      await page.waitFor('document.readyState === "complete"');
    },
    async evaluate<T>(expression: string) {
      const result = (await call('Runtime.evaluate', { expression, returnByValue: true })) as {
        result: { value?: T };
        exceptionDetails?: { text: string };
      };
      if (result.exceptionDetails) throw new Error(`in the page: ${result.exceptionDetails.text}`);
      return result.result.value as T;
    },
    async waitFor(expression, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!(await page.evaluate<boolean>(`Boolean(${expression})`))) {
        if (Date.now() > deadline) throw new Error(`the page never showed: ${expression}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async screenshot() {
      const { data } = (await call('Page.captureScreenshot', {
        format: 'png',
        captureBeyondViewport: true,
      })) as {
        data: string;
      };
      return Buffer.from(data, 'base64');
    },
    async close() {
      await send('Browser.close').catch(() => undefined);
      if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
      await rm(profile, { recursive: true, force: true });
    },
  };
  return page;
}
