/**
 * The flannel network-config writers against a real etcd (3.4, TLS with client certificates):
 * the write happens once, is create-only (an existing value is kept), and a second run is a no-op.
 * The built-in templates are rendered with test paths in place of the host's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync, unlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinTemplates, renderTemplate } from '../../profiles/templates.js';
import { hasTool, run } from './support.js';

const tools = ['etcd', 'etcdctl', 'openssl', 'curl'].every((t) => hasTool(t));
const CONFIG = '{"Network":"192.168.0.0/16","SubnetLen":24,"Backend":{"Type":"vxlan"}}';
const KEY = '/coreos.com/network/config';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

function openssl(args: string[], cwd: string): void {
  const r = run('sh', ['-c', `cd "${cwd}" && openssl ${args.join(' ')}`]);
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')}: ${r.stderr}`);
}

/** A throwaway etcd CA, a server certificate for 127.0.0.1 and a client certificate. */
function makeTls(dir: string): void {
  const ec = '-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes';
  openssl([`req -x509 ${ec} -keyout ca.key -out ca.crt -days 1 -subj /CN=test-etcd-ca`], dir);
  for (const [name, ext] of [
    ['server', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth'],
    ['client', 'extendedKeyUsage=clientAuth'],
  ] as const) {
    writeFileSync(path.join(dir, `${name}.ext`), `${ext}\n`);
    openssl([`req ${ec} -keyout ${name}.key -out ${name}.csr -subj /CN=${name}`], dir);
    openssl(
      [
        `x509 -req -in ${name}.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 1 -out ${name}.crt -extfile ${name}.ext`,
      ],
      dir,
    );
  }
}

describe.runIf(tools)('flannel network config written into a real etcd', () => {
  let dir = '';
  let etcd: ChildProcess | undefined;
  let endpoint = '';
  const tls = (): string[] => [
    `--cacert=${dir}/ca.crt`,
    `--cert=${dir}/client.crt`,
    `--key=${dir}/client.key`,
    `--endpoints=${endpoint}`,
  ];
  const etcdctl = (...args: string[]): string => {
    const r = run('etcdctl', [...tls(), ...args]);
    if (r.status !== 0) throw new Error(`etcdctl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const v2 = (method: string, extra: string[] = []): { status: number; body: string } => {
    const r = run('curl', [
      '-sS',
      '--cacert',
      `${dir}/ca.crt`,
      '--cert',
      `${dir}/client.crt`,
      '--key',
      `${dir}/client.key`,
      '-X',
      method,
      '-w',
      '\n%{http_code}',
      ...extra,
      `${endpoint}/v2/keys${KEY}`,
    ]);
    const lines = r.stdout.trimEnd().split('\n');
    return { status: Number(lines.pop()), body: lines.join('\n') };
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'bf-etcd-'));
    makeTls(dir);
    const [client, peer] = [await freePort(), await freePort()];
    endpoint = `https://127.0.0.1:${client}`;
    etcd = spawn(
      'etcd',
      [
        '--name=t1',
        `--data-dir=${dir}/data`,
        `--listen-client-urls=${endpoint}`,
        `--advertise-client-urls=${endpoint}`,
        `--listen-peer-urls=http://127.0.0.1:${peer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${peer}`,
        `--initial-cluster=t1=http://127.0.0.1:${peer}`,
        `--cert-file=${dir}/server.crt`,
        `--key-file=${dir}/server.key`,
        `--trusted-ca-file=${dir}/ca.crt`,
        '--client-cert-auth=true',
        '--enable-v2=true',
        '--logger=zap',
        '--log-outputs=stderr',
      ],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 100; i++) {
      if (run('etcdctl', [...tls(), 'endpoint', 'health']).status === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('etcd did not become healthy');
  }, 30_000);

  afterAll(() => {
    etcd?.kill('SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const common = () => ({
    flannelVersion: 'test',
    marker: `${dir}/marker.done`,
    endpoints: `https://127.0.0.1:1,${endpoint}`,
    caFile: `${dir}/ca.crt`,
    certFile: `${dir}/client.crt`,
    keyFile: `${dir}/client.key`,
  });

  function runScript(template: string, vars: object): { status: number | null; out: string } {
    const script = renderTemplate(builtinTemplates(), template, vars, 'test-host');
    const file = path.join(dir, 'script.sh');
    writeFileSync(file, script, { mode: 0o755 });
    const r = run('bash', [file]);
    return { status: r.status, out: r.stdout + r.stderr };
  }

  it('v3: creates the key once, keeps an existing value, and a rerun is a no-op', () => {
    const vars = { ...common(), endpoints: endpoint, etcdctl: 'etcdctl', txnValue: JSON.stringify(CONFIG) };
    const first = runScript('flannel/flannel-network-config-v3.sh.hbs', vars);
    expect(first.out).toContain('present');
    expect(first.status).toBe(0);
    expect(etcdctl('get', '--print-value-only', KEY).trim()).toBe(CONFIG);
    expect(existsSync(`${dir}/marker.done`)).toBe(true);

    // Another writer got there first: the script must not replace its value.
    unlinkSync(`${dir}/marker.done`);
    etcdctl('put', KEY, '{"Network":"10.99.0.0/16"}');
    const second = runScript('flannel/flannel-network-config-v3.sh.hbs', vars);
    expect(second.status).toBe(0);
    expect(etcdctl('get', '--print-value-only', KEY).trim()).toBe('{"Network":"10.99.0.0/16"}');

    // Marker present: exits at once without touching etcd.
    etcdctl('del', KEY);
    expect(runScript('flannel/flannel-network-config-v3.sh.hbs', vars).status).toBe(0);
    expect(etcdctl('get', '--print-value-only', KEY).trim()).toBe('');
    unlinkSync(`${dir}/marker.done`);
  });

  it('v2: PUT prevExist=false creates the key; 412 "Key already exists" keeps the old value', () => {
    const configFile = path.join(dir, 'network-config.json');
    writeFileSync(configFile, `${CONFIG}\n`);
    const vars = { ...common(), configFile };
    const first = runScript('flannel/flannel-network-config-v2.sh.hbs', vars);
    expect(first.out).toContain('wrote');
    expect(first.status).toBe(0);
    const got = v2('GET');
    expect(got.status).toBe(200);
    expect((JSON.parse(got.body) as { node: { value: string } }).node.value.trim()).toBe(CONFIG);

    unlinkSync(`${dir}/marker.done`);
    expect(v2('PUT', ['--data-urlencode', 'value={"Network":"10.98.0.0/16"}']).status).toBe(200);
    const second = runScript('flannel/flannel-network-config-v2.sh.hbs', vars);
    expect(second.out).toContain('already exists');
    expect(second.status).toBe(0);
    expect((JSON.parse(v2('GET').body) as { node: { value: string } }).node.value).toBe(
      '{"Network":"10.98.0.0/16"}',
    );
    expect(existsSync(`${dir}/marker.done`)).toBe(true);
  });
});
