import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBootServer, type BootServer } from '../../server/boot-server.js';
import { KEEP_ALIVE_TIMEOUT_MS } from '../../server/http-listeners.js';
import { writeOut } from './out-fixture.js';

let dir: string;
let server: BootServer;
let port: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bootforge-keepalive-'));
  await writeOut(join(dir, 'out'), 'v1');
  server = await createBootServer({ outDir: join(dir, 'out'), pollIntervalMs: 0 });
  port = (await server.listen('127.0.0.1', 0)).port;
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('keep-alive', () => {
  it("keeps an idle connection past Node's 5 s default (closed by 6 s), as nginx's 75 s does", async () => {
    expect(KEEP_ALIVE_TIMEOUT_MS).toBe(75_000);
    const socket = connect({ host: '127.0.0.1', port });
    let received = '';
    let closed = false;
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('close', () => (closed = true));
    const ask = async (): Promise<void> => {
      const before = (received.match(/HTTP\/1\.1 200 OK/g) ?? []).length;
      socket.write('GET /boot.ipxe HTTP/1.1\r\nHost: test\r\n\r\n');
      for (let i = 0; i < 200 && (received.match(/HTTP\/1\.1 200 OK/g) ?? []).length === before; i++)
        await new Promise((r) => setTimeout(r, 10));
    };
    await ask();
    await new Promise((r) => setTimeout(r, 7000));
    expect(closed).toBe(false);
    await ask();
    expect((received.match(/HTTP\/1\.1 200 OK/g) ?? []).length).toBe(2);
    socket.destroy();
  }, 15_000);
});
