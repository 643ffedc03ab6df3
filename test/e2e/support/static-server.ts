/**
 * A minimal static file server for the harness check: it proves QEMU, iPXE, the Debian kernel and
 * the initramfs work on this machine with a tree the test writes itself, so that a failure of the
 * bootforge boot test points at bootforge and not at the harness.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize } from 'node:path';

export interface StaticServer {
  port: number;
  requests: string[];
  close(): Promise<void>;
}

export function startStaticServer(root: string): Promise<StaticServer> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = normalize(decodeURIComponent((request.url ?? '/').split('?')[0] ?? '/'));
    requests.push(path);
    readFile(join(root, path))
      .then((body) => response.writeHead(200, { 'content-length': body.length }).end(body))
      .catch(() => response.writeHead(404).end('not found\n'));
  });
  return new Promise((resolvePromise) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = address !== null && typeof address === 'object' ? address.port : 0;
      resolvePromise({
        port,
        requests,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
