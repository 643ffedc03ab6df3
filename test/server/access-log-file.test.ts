/**
 * The access log file (server/access-log-file.ts): appends survive a rename and a reopen without
 * losing or splitting a line, rotation shifts FILE -> FILE.1 -> ... -> FILE.N and drops the
 * oldest, and size rotation keeps every file bounded.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  openAccessLogFile,
  parseLogSize,
  rotateAccessLogs,
  rotatingLog,
} from '../../server/access-log-file.js';

let dir: string;
const errors: string[] = [];
const onError = (message: string): void => void errors.push(message);
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bootforge-log-'));
  errors.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const line = (n: number): string =>
  `${JSON.stringify({ n, path: `/boot.ipxe?n=${n}`, pad: 'x'.repeat(40) })}\n`;
const numbers = (file: string): number[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { n: number }).n);

describe('parseLogSize', () => {
  it('reads bytes and k/M/G (powers of 1024), refuses the rest', () => {
    expect(parseLogSize('4096')).toBe(4096);
    expect(parseLogSize('10k')).toBe(10 * 1024);
    expect(parseLogSize('100M')).toBe(100 * 1024 ** 2);
    expect(parseLogSize('1G')).toBe(1024 ** 3);
    expect(parseLogSize('1.5MiB')).toBe(1.5 * 1024 ** 2);
    for (const bad of ['', '0', 'ten', '-5', '10T', '5 M M']) expect(parseLogSize(bad), bad).toBeUndefined();
  });
});

describe('openAccessLogFile', () => {
  it('keeps writing to a renamed file until reopened, then writes to a new one at the path', () => {
    const path = join(dir, 'access.log');
    const file = openAccessLogFile(path, onError);
    file.write(line(1));
    renameSync(path, `${path}.old`);
    file.write(line(2)); // still the renamed file: nothing is lost
    file.reopen();
    file.write(line(3));
    file.close();
    expect(numbers(`${path}.old`)).toEqual([1, 2]);
    expect(numbers(path)).toEqual([3]);
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(errors).toEqual([]);
  });

  it('keeps the open file when the path cannot be reopened, and says so', () => {
    const sub = join(dir, 'sub');
    const path = join(sub, 'access.log');
    mkdirSync(sub);
    const file = openAccessLogFile(path, onError);
    file.write(line(1));
    renameSync(sub, `${sub}.gone`);
    file.reopen();
    file.write(line(2));
    file.close();
    expect(numbers(join(`${sub}.gone`, 'access.log'))).toEqual([1, 2]);
    expect(errors.join('\n')).toMatch(/cannot reopen: .*ENOENT/);
  });
});

describe('rotateAccessLogs', () => {
  it('shifts FILE to FILE.1 and each FILE.i up by one, dropping FILE.keep', () => {
    const path = join(dir, 'access.log');
    for (const [name, text] of [
      ['access.log', 'now'],
      ['access.log.1', 'one'],
      ['access.log.2', 'two'],
      ['access.log.3', 'three'],
    ] as const)
      writeFileSync(join(dir, name), text);
    rotateAccessLogs(path, 3);
    expect(existsSync(path)).toBe(false);
    expect(readFileSync(`${path}.1`, 'utf8')).toBe('now');
    expect(readFileSync(`${path}.2`, 'utf8')).toBe('one');
    expect(readFileSync(`${path}.3`, 'utf8')).toBe('two');
    expect(existsSync(`${path}.4`)).toBe(false);
  });
});

describe('rotatingLog', () => {
  it('rotates at the size: every file bounded, every line kept whole and in order', () => {
    const path = join(dir, 'access.log');
    const max = 2048;
    const log = rotatingLog(openAccessLogFile(path, onError), max, 100, onError);
    const batch = 5;
    for (let n = 0; n < 1000; n += batch) {
      log.write(Array.from({ length: batch }, (_, i) => line(n + i)).join(''));
    }
    log.close();
    const files = readdirSync(dir).filter((f) => f.startsWith('access.log'));
    expect(files.length).toBeGreaterThan(10);
    const biggestBatch = batch * line(999).length;
    for (const f of files) expect(statSync(join(dir, f)).size, f).toBeLessThan(max + biggestBatch);
    // Oldest first: access.log.N ... access.log.1, access.log.
    const ordered = files
      .map((f) => ({ f, i: f === 'access.log' ? 0 : Number(f.slice('access.log.'.length)) }))
      .sort((a, b) => b.i - a.i)
      .flatMap(({ f }) => numbers(join(dir, f)));
    expect(ordered).toEqual(Array.from({ length: 1000 }, (_, n) => n));
    expect(errors).toEqual([]);
  });

  it('keeps at most N rotated files', () => {
    const path = join(dir, 'access.log');
    const log = rotatingLog(openAccessLogFile(path, onError), 512, 3, onError);
    for (let n = 0; n < 500; n++) log.write(line(n));
    log.close();
    expect(readdirSync(dir).sort()).toEqual(['access.log', 'access.log.1', 'access.log.2', 'access.log.3']);
    // The newest lines survive, in order, ending with the last one written.
    const kept = ['access.log.3', 'access.log.2', 'access.log.1', 'access.log'].flatMap((f) =>
      numbers(join(dir, f)),
    );
    expect(kept.at(-1)).toBe(499);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => 500 - kept.length + i));
  });
});
