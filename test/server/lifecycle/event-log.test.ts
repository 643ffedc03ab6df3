import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  encodeEvent,
  EventLog,
  LifecycleStateError,
  LOG_FILE,
  readLog,
} from '../../../server/lifecycle/event-log.js';
import type { LifecycleEvent } from '../../../server/lifecycle/host-state.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bootforge-eventlog-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const event = (n: number, host = 'a'): LifecycleEvent => ({
  type: 'report',
  host,
  at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
  phase: 'installing',
  message: `report ${n} ü`,
  components: { n },
});

describe('the lifecycle event log', () => {
  it('creates the state dir 0700 and the log 0600, appends lines and replays them in order', async () => {
    const state = join(dir, 'state');
    const { log, contents } = await EventLog.open(state);
    expect(contents.events).toEqual([]);
    await log.append(event(1));
    await log.append({ type: 'reinstall', host: 'a', at: event(2).at, by: 'cli', request: 'r1' });
    await log.close();
    expect((await stat(state)).mode & 0o777).toBe(0o700);
    expect((await stat(join(state, LOG_FILE))).mode & 0o777).toBe(0o600);
    const again = await EventLog.open(state);
    expect(again.contents.events).toEqual([
      event(1),
      { type: 'reinstall', host: 'a', at: event(2).at, by: 'cli', request: 'r1' },
    ]);
    await again.log.close();
  });

  it('writes concurrent appends together and resolves each only after its line is in the file', async () => {
    const { log } = await EventLog.open(dir);
    const appends = Array.from({ length: 50 }, (_, i) =>
      log.append(event(i)).then(async () => {
        const text = await readFile(join(dir, LOG_FILE), 'utf8');
        return text.includes(`"report ${i} ü"`);
      }),
    );
    expect(await Promise.all(appends)).toEqual(Array.from({ length: 50 }, () => true));
    await log.close();
    expect((await readLog(dir)).events.map((e) => (e.type === 'report' ? e.message : ''))).toEqual(
      Array.from({ length: 50 }, (_, i) => `report ${i} ü`),
    );
  });

  it('tolerates a torn last line: cuts it off, and the next append starts on a clean line', async () => {
    const good = encodeEvent(event(1));
    const torn = encodeEvent(event(2)).slice(0, 25);
    await writeFile(join(dir, LOG_FILE), good + torn);
    const readOnly = await readLog(dir);
    expect(readOnly.events).toEqual([event(1)]);
    expect(readOnly.tornBytes).toBe(Buffer.byteLength(torn));
    const { log, contents } = await EventLog.open(dir);
    expect(contents.events).toEqual([event(1)]);
    expect(contents.tornBytes).toBe(Buffer.byteLength(torn));
    await log.append(event(3));
    await log.close();
    expect(await readFile(join(dir, LOG_FILE), 'utf8')).toBe(good + encodeEvent(event(3)));
  });

  it('a torn multi-byte character in the last line is cut at the last newline', async () => {
    const good = encodeEvent(event(1));
    const line = Buffer.from(encodeEvent(event(2)));
    const cut = line.indexOf(Buffer.from('ü')) + 1; // half of the two-byte ü
    await writeFile(join(dir, LOG_FILE), Buffer.concat([Buffer.from(good), line.subarray(0, cut)]));
    const { log, contents } = await EventLog.open(dir);
    expect(contents.events).toEqual([event(1)]);
    await log.close();
    expect(await readFile(join(dir, LOG_FILE), 'utf8')).toBe(good);
  });

  it('refuses a bad line before the last, naming file and line, and changes nothing', async () => {
    const text = `${encodeEvent(event(1))}{"v":1,"type":"report","host":"a","at":"2026-01-01T00:00:00Z"}\n${encodeEvent(event(3))}`;
    await writeFile(join(dir, LOG_FILE), text);
    await expect(EventLog.open(dir)).rejects.toThrow(LifecycleStateError);
    await expect(EventLog.open(dir)).rejects.toThrow(`${join(dir, LOG_FILE)}:2: a malformed report`);
    expect(await readFile(join(dir, LOG_FILE), 'utf8')).toBe(text);
  });

  it('refuses lines of an unknown version or event type', async () => {
    await writeFile(join(dir, LOG_FILE), '{"v":2,"type":"report"}\n');
    await expect(readLog(dir)).rejects.toThrow(':1: unknown version 2');
    await writeFile(join(dir, LOG_FILE), '{"v":1,"type":"x","host":"a","at":"2026-01-01T00:00:00Z"}\n');
    await expect(readLog(dir)).rejects.toThrow(':1: unknown event type "x"');
    await appendFile(join(dir, LOG_FILE), 'not json');
    await expect(readLog(dir)).rejects.toThrow(':1:');
  });

  it('reads a missing log as empty', async () => {
    expect(await readLog(join(dir, 'nothing'))).toEqual({ events: [], goodBytes: 0, tornBytes: 0 });
  });
});
