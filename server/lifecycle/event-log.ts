/**
 * The lifecycle's durable state: one append-only file of JSON lines, `<state>/lifecycle.jsonl`,
 * one event per line (host-state.ts). An append resolves only once its line is on disk
 * (fdatasync), so a report serve acknowledged survives kill -9 and power loss; appends that arrive
 * while a sync runs are written and synced together (group commit).
 *
 * At open the file is replayed. Only the last line can be torn (the process died inside a write):
 * it is cut off and reported, never guessed at. A bad line before the last is not a crash artefact
 * (someone edited the file): the state is refused whole with the line number, because guessing
 * could hand an installed host its installer again.
 */
import { constants, promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Json } from '../state/channel.js';
import type { Components, LifecycleEvent } from './host-state.js';
import { isPhase } from './phases.js';

export const LOG_FILE = 'lifecycle.jsonl';
const VERSION = 1;

export class LifecycleStateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LifecycleStateError';
  }
}

type JsonObject = { [key: string]: Json };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isText = (value: unknown): value is string => typeof value === 'string';

/** One line of the log back to its event; a string is why it is not one. */
export function decodeEvent(line: string): LifecycleEvent | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'not a JSON line';
  }
  if (!isObject(value)) return 'not a JSON object';
  if (value['v'] !== VERSION) return `unknown version ${JSON.stringify(value['v'])}`;
  const { type, host, at } = value;
  if (!isText(host) || host === '' || !isText(at) || Number.isNaN(Date.parse(at))) return 'no host or time';
  if (type === 'report') {
    const { phase, message, components } = value;
    if (!isPhase(phase) || !isText(message) || !isObject(components)) return 'a malformed report';
    return { type, host, at, phase, message, components: components as Components };
  }
  if (type === 'reinstall') {
    const { by, request } = value;
    if (!isText(by) || (request !== undefined && !isText(request))) return 'a malformed reinstall';
    return { type, host, at, by, ...(request === undefined ? {} : { request }) };
  }
  return `unknown event type ${JSON.stringify(type)}`;
}

export function encodeEvent(event: LifecycleEvent): string {
  return `${JSON.stringify({ v: VERSION, ...event })}\n`;
}

export interface LogContents {
  events: LifecycleEvent[];
  /** Bytes of the complete lines. */
  goodBytes: number;
  /** The torn last line's length, when there was one. */
  tornBytes: number;
}

/** Parses the log's bytes; throws LifecycleStateError for a bad line that is not the last. */
export function parseLog(text: string, path: string): LogContents {
  const events: LifecycleEvent[] = [];
  let offset = 0;
  let lineNumber = 0;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    lineNumber += 1;
    if (end === -1) {
      // No newline: the process died inside this write.
      return {
        events,
        goodBytes: Buffer.byteLength(text.slice(0, offset)),
        tornBytes: Buffer.byteLength(text.slice(offset)),
      };
    }
    const event = decodeEvent(text.slice(offset, end));
    if (typeof event === 'string') {
      throw new LifecycleStateError(
        `${path}:${lineNumber}: ${event}; the lifecycle state is append-only JSON lines and only its last line may be torn (fix or move the file; serve does not guess which hosts are installed)`,
      );
    }
    events.push(event);
    offset = end + 1;
  }
  return { events, goodBytes: Buffer.byteLength(text), tornBytes: 0 };
}

/** Reads the log without changing it (for `bootforge status OUT` while serve runs). */
export async function readLog(stateDir: string): Promise<LogContents> {
  const path = join(stateDir, LOG_FILE);
  const text = await fs.readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  return parseLog(text, path);
}

interface Pending {
  bytes: Buffer;
  done(): void;
  fail(error: Error): void;
}

export class EventLog {
  private queue: Pending[] = [];
  private flushing: Promise<void> | undefined;
  /** True while flush() loops; set false in the same turn the loop finds the queue empty. */
  private running = false;
  private broken: Error | undefined;

  private constructor(
    private readonly handle: fs.FileHandle,
    readonly path: string,
    private size: number,
  ) {}

  /**
   * Opens (creating) `<stateDir>/lifecycle.jsonl`, replays it and cuts off a torn last line.
   * The directory is created 0700 and the file 0600: messages may carry journal lines.
   */
  static async open(stateDir: string): Promise<{ log: EventLog; contents: LogContents }> {
    await fs.mkdir(stateDir, { recursive: true, mode: 0o700 });
    const path = join(stateDir, LOG_FILE);
    const existed = await fs.stat(path).then(
      () => true,
      () => false,
    );
    const handle = await fs.open(path, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT, 0o600);
    try {
      const contents = parseLog(await handle.readFile('utf8'), path);
      if (contents.tornBytes > 0) {
        await handle.truncate(contents.goodBytes);
        await handle.datasync();
      }
      if (!existed) await syncDirectory(stateDir);
      return { log: new EventLog(handle, path, contents.goodBytes), contents };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Resolves once the event's line is on disk. */
  append(event: LifecycleEvent): Promise<void> {
    if (this.broken) return Promise.reject(this.broken);
    return new Promise((done, fail) => {
      this.queue.push({ bytes: Buffer.from(encodeEvent(event)), done, fail });
      if (!this.running) {
        this.running = true;
        this.flushing = this.flush();
      }
    });
  }

  private async flush(): Promise<void> {
    for (;;) {
      if (this.queue.length === 0) {
        this.running = false;
        return;
      }
      const batch = this.queue.splice(0);
      const bytes = Buffer.concat(batch.map((p) => p.bytes));
      try {
        if (this.broken) throw this.broken;
        let written = 0;
        while (written < bytes.length) {
          const { bytesWritten } = await this.handle.write(bytes, written, bytes.length - written);
          written += bytesWritten;
        }
        await this.handle.datasync();
        this.size += bytes.length;
        for (const p of batch) p.done();
      } catch (error) {
        const reason = error instanceof Error ? error : new Error(String(error));
        // Put the file back to its last complete line, so the next append does not glue onto a
        // partial one; if even that fails, refuse further appends.
        await this.handle.truncate(this.size).catch(() => {
          this.broken = new Error(`${this.path}: cannot write the lifecycle state: ${reason.message}`);
        });
        for (const p of batch) p.fail(reason);
      }
    }
  }

  /** Waits for appends in flight, then closes the file. */
  async close(): Promise<void> {
    while (this.running) await this.flushing;
    await this.handle.close();
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
