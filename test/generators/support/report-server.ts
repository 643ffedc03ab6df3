/**
 * A local stand-in for serve's POST /report/<host>: records every request, answers 204 (or the
 * statuses queued in `answers`). For running the generated installer hooks for real.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReportRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

export interface ReportServer {
  /** `http://127.0.0.1:<port>` */
  base: string;
  received: ReportRequest[];
  answers: number[];
  close(): Promise<void>;
}

export async function startReportServer(): Promise<ReportServer> {
  const received: ReportRequest[] = [];
  const answers: number[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(answers.shift() ?? 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    answers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
