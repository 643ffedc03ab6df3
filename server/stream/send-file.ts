/**
 * Sends `length` bytes of an open file from `start` to an HTTP response, in chunks from a
 * ChunkPool: read a chunk (and, when the pool has one to spare, the next one ahead), write it,
 * and give the buffer back only when the socket has taken it. Backpressure is the write callback:
 * a slow client holds at most two buffers and no read runs ahead of what it has accepted. A
 * client that takes nothing for `sendTimeoutMs` (nginx's send_timeout, 60 s) is cut off.
 */
import type { FileHandle } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import type { ChunkPool } from './chunk-pool.js';

export type SendOutcome = 'sent' | 'aborted' | 'failed';

export interface SendFileOptions {
  pool: ChunkPool;
  /** Called with the bytes of each chunk the socket took. */
  onBytes(bytes: number): void;
  sendTimeoutMs?: number;
}

interface Chunk {
  buffer: Buffer;
  bytes: number;
}

const SEND_TIMEOUT_MS = 60_000;

export async function sendFileRange(
  file: FileHandle,
  start: number,
  length: number,
  res: ServerResponse,
  options: SendFileOptions,
): Promise<SendOutcome> {
  const { pool } = options;
  let readAt = start;
  let unread = length;
  let gone = res.destroyed;
  const onClose = (): void => {
    gone = true;
  };
  res.once('close', onClose);
  res.setTimeout(options.sendTimeoutMs ?? SEND_TIMEOUT_MS, () => res.destroy());

  const read = async (buffer: Buffer): Promise<Chunk> => {
    const want = Math.min(buffer.length, unread);
    const position = readAt;
    readAt += want;
    unread -= want;
    try {
      const { bytesRead } = await file.read(buffer, 0, want, position);
      // A regular file reads whole; fewer bytes means it shrank under us.
      return { buffer, bytes: bytesRead === want ? want : -1 };
    } catch {
      return { buffer, bytes: -1 };
    }
  };
  // Resolves when the socket has taken the chunk (its buffer is free again) or the client is gone.
  const write = (chunk: Chunk): Promise<boolean> =>
    new Promise((done) => {
      if (gone) {
        done(false);
        return;
      }
      const closed = (): void => done(false);
      res.once('close', closed);
      res.write(chunk.buffer.subarray(0, chunk.bytes), (error) => {
        res.off('close', closed);
        done(error == null);
      });
    });

  let outcome: SendOutcome = 'sent';
  let current: Chunk | undefined = length > 0 ? await read(await pool.acquire()) : undefined;
  try {
    while (current !== undefined) {
      if (gone) {
        outcome = 'aborted';
        break;
      }
      if (current.bytes < 0) {
        outcome = 'failed';
        break;
      }
      const spare = unread > 0 ? pool.tryAcquire() : undefined;
      const ahead = spare === undefined ? undefined : read(spare);
      const taken = await write(current);
      pool.release(current.buffer);
      const sent = current.bytes;
      current = undefined;
      if (!taken) {
        if (ahead) pool.release((await ahead).buffer);
        outcome = 'aborted';
        break;
      }
      options.onBytes(sent);
      current = ahead ? await ahead : unread > 0 ? await read(await pool.acquire()) : undefined;
    }
  } finally {
    if (current !== undefined) pool.release(current.buffer);
    res.off('close', onClose);
  }
  if (outcome === 'sent') {
    res.setTimeout(0);
    res.end();
  } else res.destroy();
  return outcome;
}
