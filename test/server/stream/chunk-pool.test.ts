import { describe, expect, it } from 'vitest';
import { ChunkPool } from '../../../server/stream/chunk-pool.js';

describe('ChunkPool', () => {
  it('hands out at most `count` buffers of the chunk size, then makes callers wait', async () => {
    const pool = new ChunkPool(2, 1024);
    const a = await pool.acquire();
    const b = pool.tryAcquire();
    expect(a.length).toBe(1024);
    expect(b?.length).toBe(1024);
    expect(pool.tryAcquire()).toBeUndefined();
    expect(pool.inUse).toBe(2);
    let got: Buffer | undefined;
    const waiting = pool.acquire().then((buffer) => (got = buffer));
    await Promise.resolve();
    expect(got).toBeUndefined();
    expect(pool.queued).toBe(1);
    pool.release(a);
    await waiting;
    expect(got).toBe(a);
    expect(pool.inUse).toBe(2);
  });

  it('serves waiters first come, first served, and reuses buffers', async () => {
    const pool = new ChunkPool(1, 16);
    const first = await pool.acquire();
    const order: number[] = [];
    const one = pool.acquire().then((buffer) => {
      order.push(1);
      pool.release(buffer);
    });
    const two = pool.acquire().then((buffer) => {
      order.push(2);
      expect(buffer).toBe(first);
      pool.release(buffer);
    });
    pool.release(first);
    await Promise.all([one, two]);
    expect(order).toEqual([1, 2]);
    expect(pool.inUse).toBe(0);
  });

  it('refuses an empty pool', () => {
    expect(() => new ChunkPool(0, 16)).toThrow(/at least one/);
  });
});
