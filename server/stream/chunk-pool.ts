/**
 * A fixed set of equal read buffers shared by every asset transfer in the process. A transfer
 * holds one buffer (two while it reads ahead) and gives it back once the socket has taken the
 * bytes, so the memory asset streaming uses is `count * chunkBytes` however many clients download
 * at once; a transfer that finds the pool empty waits its turn (first come, first served).
 */

export class ChunkPool {
  private readonly free: Buffer[] = [];
  private readonly waiting: ((buffer: Buffer) => void)[] = [];
  private made = 0;

  constructor(
    readonly count: number,
    readonly chunkBytes: number,
  ) {
    if (!Number.isInteger(count) || count < 1) throw new Error('a chunk pool needs at least one buffer');
  }

  /** Buffers in use (handed out and not yet given back). */
  get inUse(): number {
    return this.made - this.free.length;
  }

  /** Transfers waiting for a buffer. */
  get queued(): number {
    return this.waiting.length;
  }

  /** A buffer now, or undefined when all are in use (never waits). */
  tryAcquire(): Buffer | undefined {
    const buffer = this.free.pop();
    if (buffer !== undefined) return buffer;
    if (this.made < this.count) {
      this.made += 1;
      // allocUnsafeSlow: a buffer of its own, outside Node's shared slab; always overwritten by a read.
      return Buffer.allocUnsafeSlow(this.chunkBytes);
    }
    return undefined;
  }

  /** A buffer, waiting for one to be given back when all are in use. */
  acquire(): Promise<Buffer> {
    const buffer = this.tryAcquire();
    if (buffer !== undefined) return Promise.resolve(buffer);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Gives a buffer back; the longest waiter gets it first. */
  release(buffer: Buffer): void {
    const next = this.waiting.shift();
    if (next !== undefined) next(buffer);
    else this.free.push(buffer);
  }
}
