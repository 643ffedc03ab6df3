import { describe, expect, it } from 'vitest';
import { formatAccessLine, isoTime, type AccessRecord } from '../../server/access-log.js';

describe('formatAccessLine', () => {
  const base: AccessRecord = {
    time: '2026-12-03T08:55:31.123Z',
    remote: '10.0.0.11',
    method: 'GET',
    path: '/hosts/knode1/meta-data',
    route: 'host',
    status: 200,
    bytes: 120,
    ms: 0.25,
  };

  it('is the JSON of the record, keys in the order the log always had', () => {
    const line = formatAccessLine({ ...base, host: 'knode1', reason: 'why' });
    expect(line).toBe(`${JSON.stringify({ ...base, host: 'knode1', reason: 'why' })}\n`);
    expect(Object.keys(JSON.parse(line) as object)).toEqual([
      ...['time', 'remote', 'method', 'path', 'route', 'status', 'bytes', 'ms', 'host', 'reason'],
    ]);
  });

  it('leaves out a host and reason that are undefined', () => {
    expect(formatAccessLine({ ...base, host: undefined, reason: undefined })).toBe(
      `${JSON.stringify(base)}\n`,
    );
  });

  it('escapes what a client controls exactly as JSON.stringify does', () => {
    for (const path of ['/a"b', '/a\\b', '/\u0000\u001f\u007f', '/\u2028é', '/\ud800x', '/%22']) {
      const record = { ...base, path, host: `h${path}`, reason: `r${path}\n` };
      expect(formatAccessLine(record)).toBe(`${JSON.stringify(record)}\n`);
      expect((JSON.parse(formatAccessLine(record)) as AccessRecord).path).toBe(path);
    }
  });
});

describe('isoTime', () => {
  it('is toISOString, to the millisecond, across second boundaries', () => {
    const start = Date.UTC(2026, 11, 3, 8, 59, 58, 990);
    for (let now = start; now < start + 2100; now += 7)
      expect(isoTime(now)).toBe(new Date(now).toISOString());
    for (const now of [0, 1, 999, 1000, 1_733_212_531_005, 1_733_212_531_050])
      expect(isoTime(now)).toBe(new Date(now).toISOString());
  });
});
