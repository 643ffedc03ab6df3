import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HostRateLimiter } from '../../../server/lifecycle/rate-limit.js';
import { MAX_REPORT_BYTES, parseReport } from '../../../server/lifecycle/report-body.js';
import { bearerToken, checkToken, parseReportTokens } from '../../../server/lifecycle/report-tokens.js';

const hash = (token: string): string => createHash('sha256').update(token).digest('hex');
const tokens = parseReportTokens(
  JSON.stringify({
    version: 1,
    hosts: {
      a: { roles: ['etcd', 'master'], mac: '52:54:00:00:00:01', tokenSha256: hash('token-a') },
      b: { roles: ['node'], mac: null, tokenSha256: hash('token-b') },
    },
  }),
);

describe('report tokens (lifecycle/hosts.json)', () => {
  it('tells own, missing, wrong and another host token apart', () => {
    expect(checkToken(tokens, 'a', 'Bearer token-a')).toBe('ok');
    expect(checkToken(tokens, 'a', 'bearer   token-a ')).toBe('ok');
    expect(checkToken(tokens, 'a', undefined)).toBe('missing');
    expect(checkToken(tokens, 'a', 'Basic token-a')).toBe('missing');
    expect(checkToken(tokens, 'a', 'Bearer')).toBe('missing');
    expect(checkToken(tokens, 'a', 'Bearer token-c')).toBe('wrong');
    expect(checkToken(tokens, 'a', 'Bearer token-b')).toBe('other-host');
    expect(checkToken(tokens, 'b', 'Bearer token-a')).toBe('other-host');
    expect(bearerToken('Bearer a b')).toBeUndefined();
  });

  it('refuses a file it does not understand, naming what is wrong', () => {
    expect(() => parseReportTokens('{"version":2,"hosts":{}}')).toThrow('unknown version 2');
    expect(() => parseReportTokens('{"version":1,"hosts":[]}')).toThrow('"hosts" is not an object');
    expect(() =>
      parseReportTokens('{"version":1,"hosts":{"a":{"roles":[],"mac":null,"tokenSha256":"ABC"}}}'),
    ).toThrow('hosts.a.tokenSha256');
    const same = { roles: [], mac: null, tokenSha256: hash('x') };
    expect(() => parseReportTokens(JSON.stringify({ version: 1, hosts: { a: same, b: same } }))).toThrow(
      'hosts.b has the same token as hosts.a',
    );
  });
});

describe('report bodies', () => {
  const parse = (value: unknown): ReturnType<typeof parseReport> =>
    parseReport(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));

  it('reads phase, message and components, with defaults, ignoring other keys', () => {
    expect(parse({ phase: 'ready', message: 'up', components: { etcd: 'healthy' }, extra: 1 })).toEqual({
      phase: 'ready',
      message: 'up',
      components: { etcd: 'healthy' },
    });
    expect(parse({ phase: 'installing' })).toEqual({ phase: 'installing', message: '', components: {} });
  });

  it('refuses what is not a report', () => {
    expect(parse('')).toContain('not JSON');
    expect(parse('null')).toContain('not a JSON object');
    expect(parse({ phase: 'Ready' })).toContain('unknown phase "Ready"');
    expect((parse({ phase: 'x'.repeat(5000) }) as string).length).toBeLessThan(120);
    expect(parseReport(Buffer.from([0xc3, 0x28]))).toBe('the body is not UTF-8');
    expect(MAX_REPORT_BYTES).toBe(8192);
  });
});

describe('the per-host rate', () => {
  it('allows a burst, then one per interval, per host', () => {
    const limiter = new HostRateLimiter({ burst: 3, intervalMs: 1000 });
    expect([0, 0, 0].map(() => limiter.take('a', 0))).toEqual([0, 0, 0]);
    expect(limiter.take('a', 0)).toBe(1);
    expect(limiter.take('b', 0)).toBe(0);
    expect(limiter.take('a', 999)).toBe(1);
    expect(limiter.take('a', 1000)).toBe(0);
    expect(limiter.take('a', 1000)).toBe(1);
    expect(limiter.take('a', 100_000)).toBe(0);
    expect(limiter.take('a', 100_000)).toBe(0);
    expect(limiter.take('a', 100_000)).toBe(0);
    expect(limiter.take('a', 100_000)).toBe(1);
  });
});
