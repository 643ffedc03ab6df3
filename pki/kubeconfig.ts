/**
 * kubeconfig files with the CA, client certificate and key (or token) embedded as *-data fields,
 * so each file stands alone; or, for the kubelet's rotating certificate store, the path of the
 * file holding both. Rendered as YAML text in a fixed order: same input, same bytes.
 */
import { dump } from 'js-yaml';

export interface KubeconfigInput {
  /** Names the cluster entry and the context. */
  clusterName: string;
  /** https://host:port of the apiserver. */
  server: string;
  /** PEM CA certificate that signed the apiserver serving certificate. */
  caCert: string;
  /** Names the user entry. */
  user: string;
  /** PEM client certificate and key (certificate authentication). */
  cert?: string;
  key?: string;
  /** Bearer token (bootstrap or static token authentication). */
  token?: string;
  /**
   * A file on the host holding the client certificate and key (PEM, certificate first): the
   * kubelet's certificate store. Referenced by path, not embedded.
   */
  pairFile?: string;
}

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function userCredentials(input: KubeconfigInput): Record<string, string> {
  if (input.pairFile !== undefined) {
    if (input.token !== undefined || input.cert !== undefined || input.key !== undefined) {
      throw new Error(`kubeconfig for ${input.user}: a certificate file excludes embedded credentials`);
    }
    return { 'client-certificate': input.pairFile, 'client-key': input.pairFile };
  }
  if (input.token !== undefined) {
    if (input.cert !== undefined || input.key !== undefined) {
      throw new Error(`kubeconfig for ${input.user}: give either a token or a certificate and key, not both`);
    }
    return { token: input.token };
  }
  if (input.cert === undefined || input.key === undefined) {
    throw new Error(`kubeconfig for ${input.user}: a certificate and a key (or a token) are required`);
  }
  return { 'client-certificate-data': base64(input.cert), 'client-key-data': base64(input.key) };
}

/**
 * Most kubeconfigs are the same on every host (kube-proxy's, the kubelets' bootstrap one, the
 * masters' own): rendered once per distinct input, not once per host. Bounded: cleared when full.
 */
const RENDERED = new Map<string, string>();
const RENDERED_MAX = 256;

export function renderKubeconfig(input: KubeconfigInput): string {
  const key = JSON.stringify([
    input.clusterName,
    input.server,
    input.caCert,
    input.user,
    input.cert ?? null,
    input.key ?? null,
    input.token ?? null,
    input.pairFile ?? null,
  ]);
  const known = RENDERED.get(key);
  if (known !== undefined) return known;
  const text = dumpKubeconfig(input);
  if (RENDERED.size >= RENDERED_MAX) RENDERED.clear();
  RENDERED.set(key, text);
  return text;
}

function dumpKubeconfig(input: KubeconfigInput): string {
  const context = `${input.user}@${input.clusterName}`;
  const document = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: input.clusterName,
        cluster: { server: input.server, 'certificate-authority-data': base64(input.caCert) },
      },
    ],
    users: [{ name: input.user, user: userCredentials(input) }],
    contexts: [{ name: context, context: { cluster: input.clusterName, user: input.user } }],
    'current-context': context,
    preferences: {},
  };
  return dump(document, { lineWidth: -1, noRefs: true, sortKeys: false });
}
