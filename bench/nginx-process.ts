/**
 * Runs a real nginx (Debian's nginx-light) on OUT's generated pxe/nginx.conf in a throw-away
 * prefix: a wrapper main configuration that defines $bootforge_out and $bootforge_assets and
 * includes the generated file, exactly as the file's header tells an operator to. Used by the
 * nginx tests and by the serve benchmark.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';

export const NGINX = process.env['BOOTFORGE_NGINX'] ?? '/usr/sbin/nginx';

export function hasNginx(): boolean {
  return spawnSync(NGINX, ['-v'], { stdio: 'ignore' }).status === 0;
}

export interface NginxOptions {
  /** Scratch directory for the prefix (created). */
  prefix: string;
  outDir: string;
  assetsDir: string;
  /** The generated server block (usually OUT/pxe/nginx.conf). */
  include: string;
  workers?: number | 'auto';
  accessLog?: string;
}

export interface RunningNginx {
  stop(): Promise<void>;
  errorLog(): Promise<string>;
}

export async function writeMainConfig(options: NginxOptions): Promise<string> {
  await fs.mkdir(join(options.prefix, 'tmp'), { recursive: true });
  const lines = [
    'daemon off;',
    'master_process on;',
    `worker_processes ${options.workers ?? 1};`,
    `pid ${join(options.prefix, 'nginx.pid')};`,
    `error_log ${join(options.prefix, 'error.log')} warn;`,
    // Running as root, nginx would drop its workers to "nobody", which cannot read 0600 files:
    // an operator gives OUT to the nginx user; a throw-away test prefix runs as its owner.
    ...(process.getuid?.() === 0 ? ['user root root;'] : []),
    'events { worker_connections 4096; }',
    'http {',
    `    access_log ${options.accessLog ?? 'off'};`,
    `    client_body_temp_path ${join(options.prefix, 'tmp', 'body')};`,
    `    proxy_temp_path ${join(options.prefix, 'tmp', 'proxy')};`,
    `    fastcgi_temp_path ${join(options.prefix, 'tmp', 'fastcgi')};`,
    `    uwsgi_temp_path ${join(options.prefix, 'tmp', 'uwsgi')};`,
    `    scgi_temp_path ${join(options.prefix, 'tmp', 'scgi')};`,
    '    sendfile on;',
    '    keepalive_requests 100000;',
    // The generated maps have one entry per host; room for large inventories.
    '    map_hash_max_size 65536;',
    '    map_hash_bucket_size 128;',
    `    map "" $bootforge_out { default ${options.outDir}; }`,
    `    map "" $bootforge_assets { default ${options.assetsDir}; }`,
    `    include ${options.include};`,
    '}',
    '',
  ];
  const path = join(options.prefix, 'nginx.conf');
  await fs.writeFile(path, lines.join('\n'));
  return path;
}

/** `nginx -t`: the exit status and what it printed. */
export async function testConfig(options: NginxOptions): Promise<{ ok: boolean; output: string }> {
  const config = await writeMainConfig(options);
  const result = spawnSync(NGINX, ['-t', '-p', options.prefix, '-c', config], { encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

function waitForPort(port: number, child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 10_000;
    const attempt = (): void => {
      if (child.exitCode !== null) {
        reject(new Error(`nginx exited with ${child.exitCode}`));
        return;
      }
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nginx did not listen on ${port}`));
        else setTimeout(attempt, 20);
      });
    };
    attempt();
  });
}

/** Starts nginx in the foreground and resolves once `port` accepts connections. */
export async function startNginx(options: NginxOptions, port: number): Promise<RunningNginx> {
  const config = await writeMainConfig(options);
  const child = spawn(NGINX, ['-p', options.prefix, '-c', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPort(port, child);
  } catch (error) {
    child.kill('SIGKILL');
    const log = await fs.readFile(join(options.prefix, 'error.log'), 'utf8').catch(() => '');
    throw new Error(`${error instanceof Error ? error.message : String(error)}: ${stderr}${log}`, {
      cause: error,
    });
  }
  return {
    async stop() {
      // SIGQUIT: nginx's graceful shutdown.
      child.kill('SIGQUIT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
    errorLog: () => fs.readFile(join(options.prefix, 'error.log'), 'utf8').catch(() => ''),
  };
}
