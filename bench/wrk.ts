/**
 * Runs wrk (Debian package wrk) with a Lua script that rotates through a list of paths, each
 * connection starting at a different place, and reads its summary back as JSON.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';

export interface WrkResult {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  bytes: number;
  p50ms: number;
  p99ms: number;
  maxMs: number;
  /** Socket errors (connect, read, write, timeout) plus non-2xx/3xx responses. */
  errors: number;
  errorDetail: Record<string, number>;
}

const LUA = `
local paths = {}
local counter = 0
local threads = 0
function setup(thread)
  thread:set("offset", threads * 104729)
  threads = threads + 1
end
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  counter = offset or 0
end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"p50_us":%d,"p99_us":%d,"max_us":%d}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
`;

export async function runWrk(options: {
  url: string;
  paths: readonly string[];
  connections: number;
  threads: number;
  seconds: number;
  scratch: string;
}): Promise<WrkResult> {
  const script = join(options.scratch, 'rotate.lua');
  const list = join(options.scratch, 'paths.txt');
  await fs.writeFile(script, LUA);
  await fs.writeFile(list, `${options.paths.join('\n')}\n`);
  const args = [
    `-t${options.threads}`,
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    '--timeout',
    '5s',
    '-s',
    script,
    options.url,
    '--',
    list,
  ];
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}: ${text}`)),
    );
  });
  const json = /WRK_JSON (\{.*\})/.exec(output)?.[1];
  if (json === undefined) throw new Error(`wrk printed no summary: ${output}`);
  const r = JSON.parse(json) as Record<string, number>;
  const n = (key: string): number => r[key] ?? 0;
  const seconds = n('duration_us') / 1e6;
  const errorDetail = {
    connect: n('connect'),
    read: n('read'),
    write: n('write'),
    timeout: n('timeout'),
    status: n('status'),
  };
  return {
    requests: n('requests'),
    seconds,
    requestsPerSecond: n('requests') / seconds,
    bytes: n('bytes'),
    p50ms: n('p50_us') / 1000,
    p99ms: n('p99_us') / 1000,
    maxMs: n('max_us') / 1000,
    errors: Object.values(errorDetail).reduce((a, b) => a + b, 0),
    errorDetail,
  };
}
