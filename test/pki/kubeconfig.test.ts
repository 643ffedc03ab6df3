/**
 * kubeconfig rendering (structure, determinism, standalone embedded data) and the credentials in
 * it working for real: a TLS server with the apiserver certificate and client-certificate auth
 * accepts the admin kubeconfig's identity, as kube-apiserver would.
 */
import { X509Certificate } from 'node:crypto';
import { createServer, connect, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { load } from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderKubeconfig } from '../../pki/kubeconfig.js';
import { clusterKubeconfigs } from '../../pki/kubeconfigs.js';
import type { ClusterPki } from '../../pki/model.js';
import { loadOrIssuePki } from '../../pki/store.js';
import { classicPlan, tempDir } from './fixtures.js';

interface Kubeconfig {
  apiVersion: string;
  kind: string;
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { name: string; user: Record<string, string> }[];
  contexts: { name: string; context: { cluster: string; user: string } }[];
  'current-context': string;
}

const decode = (b64: string): string => Buffer.from(b64, 'base64').toString('utf8');

describe('renderKubeconfig', () => {
  const input = {
    clusterName: 'knodes',
    server: 'https://10.0.0.11:6443',
    caCert: '-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----\n',
    user: 'admin',
    cert: 'CERT\n',
    key: 'KEY\n',
  };

  it('embeds CA, certificate and key as *-data and names one context', () => {
    const text = renderKubeconfig(input);
    const doc = load(text) as Kubeconfig;
    expect(doc.apiVersion).toBe('v1');
    expect(doc.kind).toBe('Config');
    expect(doc.clusters).toEqual([
      {
        name: 'knodes',
        cluster: { server: 'https://10.0.0.11:6443', 'certificate-authority-data': expect.any(String) },
      },
    ]);
    expect(decode(doc.clusters[0]!.cluster['certificate-authority-data'])).toBe(input.caCert);
    expect(Object.keys(doc.users[0]!.user)).toEqual(['client-certificate-data', 'client-key-data']);
    expect(decode(doc.users[0]!.user['client-key-data']!)).toBe('KEY\n');
    expect(doc.contexts).toEqual([{ name: 'admin@knodes', context: { cluster: 'knodes', user: 'admin' } }]);
    expect(doc['current-context']).toBe('admin@knodes');
    // Deterministic, and long base64 lines are never folded.
    expect(renderKubeconfig(input)).toBe(text);
    expect(text.split('\n').find((l) => l.includes('client-key-data'))).toMatch(
      /client-key-data: [A-Za-z0-9+/=]+$/,
    );
  });

  it('renders a token user, and rejects ambiguous or missing credentials', () => {
    const doc = load(
      renderKubeconfig({ ...input, cert: undefined, key: undefined, token: 'abcdef.0123456789abcdef' }),
    ) as Kubeconfig;
    expect(doc.users[0]!.user).toEqual({ token: 'abcdef.0123456789abcdef' });
    expect(() => renderKubeconfig({ ...input, token: 't' })).toThrow(/either a token or a certificate/);
    expect(() => renderKubeconfig({ ...input, key: undefined })).toThrow(/are required/);
  });
});

/** Connect with a kubeconfig's credentials to a TLS server holding the apiserver certificate. */
async function handshake(
  pki: ClusterPki,
  kubeconfig: string,
  servername: string,
): Promise<{ cn: string; o: string }> {
  const doc = load(kubeconfig) as Kubeconfig;
  const server = createServer({
    cert: pki.apiserver.cert,
    key: pki.apiserver.key,
    ca: pki.kubernetesCA.cert,
    requestCert: true,
    rejectUnauthorized: true,
  });
  const seen = new Promise<{ cn: string; o: string }>((resolve) =>
    server.on('secureConnection', (socket: TLSSocket) => {
      const peer = socket.getPeerCertificate();
      resolve({ cn: String(peer.subject.CN), o: String(peer.subject.O ?? '') });
      socket.end();
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const user = doc.users[0]!.user;
  try {
    await new Promise<void>((resolve, reject) => {
      const socket = connect({
        host: '127.0.0.1',
        port,
        servername,
        ca: decode(doc.clusters[0]!.cluster['certificate-authority-data']),
        cert: decode(user['client-certificate-data']!),
        key: decode(user['client-key-data']!),
      });
      socket.on('secureConnect', () => resolve());
      socket.on('error', reject);
      socket.on('end', () => socket.destroy());
    });
    return await seen;
  } finally {
    server.close();
  }
}

describe('clusterKubeconfigs', () => {
  let pki: ClusterPki;
  const plan = classicPlan({ keyAlgorithm: 'ecdsa', kubeletCredentials: 'static' });

  beforeAll(async () => {
    ({ pki } = await loadOrIssuePki(plan, tempDir()));
  }, 60_000);

  it('gives each component its identity and the right server', () => {
    const k = clusterKubeconfigs(plan, pki);
    const user = (text: string): string => (load(text) as Kubeconfig).users[0]!.name;
    const server = (text: string): string => (load(text) as Kubeconfig).clusters[0]!.cluster.server;
    expect(user(k.admin)).toBe('admin');
    expect(server(k.admin)).toBe('https://10.0.0.11:6443');
    expect(server(k.controllerManager)).toBe('https://127.0.0.1:6443');
    expect(server(k.scheduler)).toBe('https://127.0.0.1:6443');
    expect(user(k.kubeProxy)).toBe('system:kube-proxy');
    expect(Object.keys(k.kubelets)).toEqual(['knode2', 'knode3']);
    expect(k.kubeletBootstrap).toBeUndefined();
    const embedded = decode(
      (load(k.kubelets['knode2']!) as Kubeconfig).users[0]!.user['client-certificate-data']!,
    );
    expect(new X509Certificate(embedded).subject).toBe('O=system:nodes\nCN=system:node:knode2');
  });

  it('the admin kubeconfig authenticates over mutual TLS against the apiserver certificate, by IP and by name', async () => {
    const { admin, controllerManager } = clusterKubeconfigs(plan, pki);
    expect(await handshake(pki, admin, 'kubernetes.default.svc.cluster.local')).toEqual({
      cn: 'admin',
      o: 'system:masters',
    });
    expect(await handshake(pki, controllerManager, 'knode1')).toEqual({
      cn: 'system:kube-controller-manager',
      o: '',
    });
  });

  it('bootstrap mode: one bootstrap kubeconfig with the token, no per-node kubeconfigs', async () => {
    const bootstrapPlan = classicPlan({ keyAlgorithm: 'ecdsa', kubeletCredentials: 'bootstrap' });
    const { pki: bootstrapPki } = await loadOrIssuePki(bootstrapPlan, tempDir());
    const k = clusterKubeconfigs(bootstrapPlan, bootstrapPki);
    expect(k.kubelets).toEqual({});
    const doc = load(k.kubeletBootstrap!) as Kubeconfig;
    const token = bootstrapPki.bootstrapToken!;
    expect(doc.users).toEqual([
      { name: 'kubelet-bootstrap', user: { token: `${token.id}.${token.secret}` } },
    ]);
  });
});
