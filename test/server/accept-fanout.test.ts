import { createServer, connect, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { duplicateListeningHandles } from '../../server/accept-fanout.js';

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });
}

function roundTrip(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('duplicateListeningHandles', () => {
  it('gives new descriptors for the same listening socket, each able to accept on its own', async () => {
    const primary = createServer((socket) => socket.end('primary'));
    const port = await listen(primary);
    const handles = await duplicateListeningHandles(primary, 3);
    expect(handles).toHaveLength(3);
    const servers = handles.map((handle, i) => {
      const server = createServer((socket) => socket.end(`copy ${i}`));
      server.listen(handle);
      return server;
    });
    // With the primary closed, the socket still listens through the copies.
    await new Promise<void>((done) => primary.close(() => done()));
    const answer = await roundTrip(port);
    expect(answer).toMatch(/^copy [0-2]$/);
    await Promise.all(servers.map((s) => new Promise<void>((done) => s.close(() => done()))));
    await expect(roundTrip(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('returns nothing to do for a count of zero', async () => {
    const primary = createServer();
    await listen(primary);
    expect(await duplicateListeningHandles(primary, 0)).toEqual([]);
    await new Promise<void>((done) => primary.close(() => done()));
  });
});
