/**
 * Does the address `bootforge serve` listens on agree with cluster.bootServer, the URL every
 * script in OUT points booting machines at? A different port or scheme, or a specific listen
 * address other than the URL's IP, means nothing booting will reach this server. A name in the
 * URL cannot be checked without DNS; then only port and scheme are. Pure.
 */
export interface ListenMismatch {
  /** What disagrees, e.g. `port 9090, not 8080`. */
  reasons: string[];
}

const WILDCARDS = new Set(['0.0.0.0', '::', '']);

export function listenMismatch(
  bootServer: string,
  listen: { host: string; port: number },
  tls: boolean,
): ListenMismatch | undefined {
  let url: URL;
  try {
    url = new URL(bootServer);
  } catch {
    return undefined;
  }
  const scheme = url.protocol.replace(/:$/, '');
  const port = url.port === '' ? (scheme === 'https' ? 443 : 80) : Number(url.port);
  const reasons: string[] = [];
  if (port !== listen.port) reasons.push(`port ${listen.port}, not ${port}`);
  if ((scheme === 'https') !== tls)
    reasons.push(tls ? 'https (--cert), not http' : `http, not ${scheme} (no --cert)`);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const isIp = /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.includes(':');
  if (isIp && !WILDCARDS.has(listen.host) && listen.host !== host)
    reasons.push(`address ${listen.host}, not ${host}`);
  return reasons.length === 0 ? undefined : { reasons };
}
