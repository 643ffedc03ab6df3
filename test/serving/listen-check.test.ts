import { describe, expect, it } from 'vitest';
import { listenMismatch } from '../../serving/listen-check.js';

describe('listenMismatch', () => {
  it.each([
    ['http://10.0.0.2:8080', '0.0.0.0', 8080, false],
    ['http://10.0.0.2:8080', '10.0.0.2', 8080, false],
    ['http://boot.example:80', '0.0.0.0', 80, false],
    ['http://boot.example', '192.0.2.1', 80, false],
    ['https://10.0.0.2', '::', 443, true],
  ])('%s agrees with %s:%d', (url, host, port, tls) => {
    expect(listenMismatch(url, { host, port }, tls)).toBeUndefined();
  });

  it.each([
    ['http://10.0.0.2:8080', '0.0.0.0', 9090, false, 'port 9090, not 8080'],
    ['http://10.0.0.2:8080', '127.0.0.1', 8080, false, 'address 127.0.0.1, not 10.0.0.2'],
    ['https://10.0.0.2:8443', '0.0.0.0', 8443, false, 'http, not https (no --cert)'],
    ['http://10.0.0.2', '0.0.0.0', 80, true, 'https (--cert), not http'],
  ])('%s contradicts %s:%d', (url, host, port, tls, reason) => {
    expect(listenMismatch(url, { host, port }, tls)?.reasons).toContain(reason);
  });
});
