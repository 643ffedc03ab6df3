/**
 * More accept() per event-loop iteration for a connection storm.
 *
 * Since libuv 1.45 (Node 20) a listening handle accepts one connection per event-loop iteration,
 * and an iteration answers every connection with a request waiting. When a thousand machines
 * connect at once and keep asking, the connections not yet accepted wait for seconds (the kernel
 * holds them in the accept queue). Node 20 has no SO_REUSEPORT, but the same listening socket can
 * be watched through several file descriptors: each round trip of the handle through a helper
 * process (SCM_RIGHTS) yields a new descriptor for the same socket. A server listening on each of
 * them accepts one connection per descriptor per iteration. The helper lives only while the
 * descriptors are made; if anything fails the server keeps its one handle and says why.
 */
import { spawn } from 'node:child_process';
import { Server } from 'node:net';

/** The helper: sends every handle it receives straight back. */
const ECHO = `process.on('message', (m, h) => { if (m === 'dup' && h) process.send('dup', h, () => h.close()); else if (m === 'done') process.disconnect(); });`;

/**
 * Returns `count` extra handles for `listening`'s socket (each a net.Server owning a new
 * descriptor), ready for `otherServer.listen(handle)`.
 */
export async function duplicateListeningHandles(listening: Server, count: number): Promise<Server[]> {
  if (count <= 0) return [];
  const helper = spawn(process.execPath, ['-e', ECHO], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  const handles: Server[] = [];
  try {
    // All requests at once; the helper answers each in turn.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the handle helper did not answer')), 10_000);
      helper.once('exit', (code) => reject(new Error(`the handle helper exited (${code})`)));
      helper.on('message', (_message, handle) => {
        if (!(handle instanceof Server)) {
          reject(new Error('the handle helper sent no handle back'));
          return;
        }
        handles.push(handle);
        if (handles.length === count) {
          clearTimeout(timer);
          resolve();
        }
      });
      for (let i = 0; i < count; i++) helper.send('dup', listening);
    });
  } catch (error) {
    for (const handle of handles) handle.close();
    throw error;
  } finally {
    if (helper.connected) helper.send('done');
    helper.removeAllListeners('message');
    helper.removeAllListeners('exit');
    helper.unref();
  }
  return handles;
}
