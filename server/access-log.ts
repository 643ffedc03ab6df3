/**
 * One JSON line per request: who asked, for which host and path, what they got, how fast. Never
 * file contents; the path is the request path (the query is kept: it carries MACs, not secrets).
 */
export interface AccessRecord {
  time: string;
  remote: string;
  method: string;
  path: string;
  route: string;
  host?: string;
  status: number;
  bytes: number;
  ms: number;
  /** The one-line reason of a refusal or error. */
  reason?: string;
}

export function formatAccessLine(record: AccessRecord): string {
  return `${JSON.stringify(record)}\n`;
}

/** Where log lines go; the CLI hands in a buffered stream writer, tests an array. */
export type LogSink = (line: string) => void;
