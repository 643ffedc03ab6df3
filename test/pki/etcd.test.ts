/**
 * A real etcd (Debian etcd-server 3.4) on loopback, serving with the generated member server
 * certificate, peering with the generated peer certificate, and requiring client certificates
 * from the etcd CA: the flannel and apiserver-etcd-client certificates get in; a certificate from
 * another CA (or from the Kubernetes CA) does not.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyAlgorithm } from '../../inventory/model.js';
import { loadOrIssuePki } from '../../pki/store.js';
import { classicPlan, haveTool, tempDir } from './fixtures.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Client {
  cert: string;
  key: string;
  ca: string;
}

function etcdctl(endpoint: string, client: Client, args: string[]): { ok: boolean; output: string } {
  const r = spawnSync(
    'etcdctl',
    [
      '--endpoints',
      endpoint,
      '--cacert',
      client.ca,
      '--cert',
      client.cert,
      '--key',
      client.key,
      '--dial-timeout',
      '2s',
      '--command-timeout',
      '3s',
      ...args,
    ],
    { encoding: 'utf8', env: { ...process.env, ETCDCTL_API: '3' }, timeout: 20_000 },
  );
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

/** GET /health over HTTPS with a client certificate: "<status> <body>" or the error message. */
function probe(endpoint: string, client: Client): Promise<string> {
  return new Promise((resolve) => {
    const req = request(
      `${endpoint}/health`,
      {
        ca: readFileSync(client.ca),
        cert: readFileSync(client.cert),
        key: readFileSync(client.key),
        timeout: 5000,
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve(`${res.statusCode} ${body}`));
      },
    );
    req.on('error', (error) => resolve(error.message));
    req.end();
  });
}

async function waitHealthy(
  endpoint: string,
  client: Client,
  etcd: ChildProcess,
  log: () => string,
): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (etcd.exitCode !== null) throw new Error(`etcd exited:\n${log()}`);
    if (etcdctl(endpoint, client, ['endpoint', 'health']).ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`etcd did not become healthy:\n${log()}`);
}

const available = haveTool('etcd') && haveTool('etcdctl');

describe.skipIf(!available).each(['ecdsa', 'rsa'] as const)(
  'etcd with the %s PKI',
  (algorithm: KeyAlgorithm) => {
    const pkiDir = tempDir();
    const otherPkiDir = tempDir();
    let etcd: ChildProcess;
    let endpoint = '';
    let etcdLog = '';
    const file = (dir: string, name: string): Client => ({
      cert: join(dir, `${name}.crt`),
      key: join(dir, `${name}.key`),
      ca: join(pkiDir, 'etcd/ca.crt'),
    });

    beforeAll(async () => {
      // The one etcd member runs on loopback, so its peer certificate must name 127.0.0.1.
      const plan = classicPlan({ keyAlgorithm: algorithm, kubeletCredentials: 'static' });
      plan.etcdMembers = plan.etcdMembers.map((m) => ({ ...m, ip: '127.0.0.1' }));
      await loadOrIssuePki(plan, pkiDir);
      // Another cluster: same names, its own CAs.
      await loadOrIssuePki(classicPlan({ keyAlgorithm: 'ecdsa' }), otherPkiDir);

      const [clientPort, peerPort] = [await freePort(), await freePort()];
      endpoint = `https://127.0.0.1:${clientPort}`;
      const peer = `https://127.0.0.1:${peerPort}`;
      const member = plan.etcdMembers[0]!.name;
      etcd = spawn(
        'etcd',
        [
          `--name=${member}`,
          `--data-dir=${join(tempDir('bootforge-etcd-'), 'data')}`,
          `--listen-client-urls=${endpoint}`,
          `--advertise-client-urls=${endpoint}`,
          `--listen-peer-urls=${peer}`,
          `--initial-advertise-peer-urls=${peer}`,
          `--initial-cluster=${member}=${peer}`,
          '--initial-cluster-state=new',
          '--initial-cluster-token=bootforge-test',
          `--cert-file=${join(pkiDir, `etcd/server-${member}.crt`)}`,
          `--key-file=${join(pkiDir, `etcd/server-${member}.key`)}`,
          `--trusted-ca-file=${join(pkiDir, 'etcd/ca.crt')}`,
          '--client-cert-auth',
          `--peer-cert-file=${join(pkiDir, `etcd/peer-${member}.crt`)}`,
          `--peer-key-file=${join(pkiDir, `etcd/peer-${member}.key`)}`,
          `--peer-trusted-ca-file=${join(pkiDir, 'etcd/ca.crt')}`,
          '--peer-client-cert-auth',
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      etcd.stdout?.on('data', (d: Buffer) => (etcdLog += d.toString()));
      etcd.stderr?.on('data', (d: Buffer) => (etcdLog += d.toString()));
      await waitHealthy(endpoint, file(pkiDir, 'etcd/flannel-client'), etcd, () => etcdLog);
    }, 120_000);

    afterAll(async () => {
      if (!etcd || etcd.exitCode !== null) return;
      const exited = new Promise((r) => etcd.once('exit', r));
      etcd.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (etcd.exitCode === null) etcd.kill('SIGKILL');
    });

    it('accepts the flannel client certificate: health, put and get', () => {
      const flannel = file(pkiDir, 'etcd/flannel-client');
      expect(etcdctl(endpoint, flannel, ['endpoint', 'health']).output).toContain('is healthy');
      expect(
        etcdctl(endpoint, flannel, ['put', '/coreos.com/network/config', '{"Network":"192.168.0.0/16"}'])
          .output,
      ).toContain('OK');
      expect(
        etcdctl(endpoint, flannel, ['get', '--print-value-only', '/coreos.com/network/config']).output.trim(),
      ).toBe('{"Network":"192.168.0.0/16"}');
    });

    it('accepts the apiserver-etcd-client certificate', () => {
      const apiserver = file(pkiDir, 'apiserver-etcd-client');
      expect(etcdctl(endpoint, apiserver, ['put', '/registry/test', 'x']).ok).toBe(true);
      expect(
        etcdctl(endpoint, apiserver, ['get', '--print-value-only', '/registry/test']).output.trim(),
      ).toBe('x');
    });

    it('refuses a client certificate signed by another cluster’s etcd CA', () => {
      const result = etcdctl(endpoint, file(otherPkiDir, 'etcd/flannel-client'), ['get', '/registry/test']);
      expect(result.ok).toBe(false);
    });

    it('the refusal is etcd’s TLS handshake: /health answers our client and not the other CA’s', async () => {
      expect(await probe(endpoint, file(pkiDir, 'etcd/flannel-client'))).toMatch(/^200 .*"health":"true"/);
      expect(await probe(endpoint, file(otherPkiDir, 'etcd/flannel-client'))).toMatch(
        /bad certificate|alert|ECONNRESET|socket hang up/i,
      );
    });

    it('refuses a client certificate from the Kubernetes CA of the same cluster', () => {
      expect(etcdctl(endpoint, file(pkiDir, 'apiserver-kubelet-client'), ['get', '/registry/test']).ok).toBe(
        false,
      );
    });
  },
);
