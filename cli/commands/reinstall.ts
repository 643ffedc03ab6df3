/**
 * `bootforge reinstall OUT HOST`: arm a host's installer again after boot-once. With a serve
 * running on OUT's state directory, the request goes to it (the one writer) through the state
 * directory's inbox and this waits until it is applied; with none, this process takes the
 * writer lock and appends the reinstall itself, and the next serve starts with it.
 */
import { resolve as resolvePath } from 'node:path';
import { EXIT_FAILURE, EXIT_INVALID, EXIT_OK, type Command } from '../command.js';
import { parseFlags, positionals } from '../args.js';
import { paint, type Terminal } from '../terminal.js';
import { EventLog, LifecycleStateError } from '../../server/lifecycle/event-log.js';
import { postRequest, requestDone } from '../../server/lifecycle/inbox.js';
import {
  defaultStateDir,
  NotAnOutError,
  readHostStates,
  readOutManifest,
} from '../../server/lifecycle/offline-state.js';
import { acquireWriterLock, lockHolder, StateBusyError } from '../../server/lifecycle/writer-lock.js';

const USAGE = `Usage: bootforge reinstall OUT HOST [--state DIR]

Arm HOST's installer again. After a host reports 'installed' (or a later phase), bootforge serve
answers its per-MAC iPXE script, GRUB and pxelinux entries with a local-disk boot (boot once);
this undoes that, so its next network boot installs it again (and, with serve --one-shot, its
secret files may be fetched again). Works whether or not serve is running.

Options:
  --state DIR     the state directory (default: OUT.state, as serve)
  --timeout SECS  how long to wait for a running serve to apply it (default 10)

Exit codes: 0 re-armed, 1 a running serve did not apply it in time, 2 bad arguments or host.
`;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function runReinstall(args: string[], term: Terminal): Promise<number> {
  const { values, positionals: rest } = parseFlags(args, {
    state: { type: 'string' },
    timeout: { type: 'string' },
  });
  const [outArg = '', host = ''] = positionals(rest, ['OUT', 'HOST']);
  const timeoutMs = Number(values.timeout ?? '10') * 1000;
  const outDir = resolvePath(term.cwd, outArg);
  const stateDir = values.state === undefined ? defaultStateDir(outDir) : resolvePath(term.cwd, values.state);
  const fail = (message: string, hint?: string, code = EXIT_INVALID): number => {
    term.err(`${paint(term, 'red', 'error')}: ${message}\n${hint === undefined ? '' : `  hint: ${hint}\n`}`);
    return code;
  };
  let before: string;
  try {
    const manifest = await readOutManifest(outDir);
    if (!manifest.hosts.some((h) => h.name === host)) {
      return fail(
        `no host named '${host}' in ${outArg}`,
        `hosts: ${manifest.hosts.map((h) => h.name).join(', ') || '(none)'}`,
      );
    }
    const state = (await readHostStates(stateDir)).get(host);
    before = state === undefined ? 'pending' : `${state.phase} since ${state.since}`;
  } catch (error) {
    if (error instanceof NotAnOutError || error instanceof LifecycleStateError) return fail(error.message);
    throw error;
  }

  const holder = await lockHolder(stateDir);
  if (holder !== undefined) {
    const request = await postRequest(stateDir, host, 'cli');
    const deadline = Date.now() + timeoutMs;
    while (!(await requestDone(stateDir, request.id))) {
      if (Date.now() > deadline)
        return fail(
          `the serve writing ${stateDir} (pid ${holder}) did not apply the request within ${timeoutMs / 1000} s`,
          'it stays queued in the state directory and is applied when that serve (or the next) reads it',
          EXIT_FAILURE,
        );
      await sleep(100);
    }
    term.out(`re-armed ${host} for installation (was ${before}); applied by serve pid ${holder}\n`);
    return EXIT_OK;
  }
  let lock: Awaited<ReturnType<typeof acquireWriterLock>>;
  try {
    lock = await acquireWriterLock(stateDir);
  } catch (error) {
    // A serve started in between: try again, through it.
    if (error instanceof StateBusyError) return runReinstall(args, term);
    throw error;
  }
  try {
    const { log } = await EventLog.open(stateDir);
    try {
      await log.append({ type: 'reinstall', host, at: new Date().toISOString(), by: 'cli' });
    } finally {
      await log.close();
    }
  } catch (error) {
    if (error instanceof LifecycleStateError) return fail(error.message);
    throw error;
  } finally {
    await lock.release();
  }
  term.out(
    `re-armed ${host} for installation (was ${before}); no serve is running: the next one starts with it\n`,
  );
  return EXIT_OK;
}

export const reinstallCommand: Command = {
  name: 'reinstall',
  summary: "arm a host's installer again after boot-once",
  usage: USAGE,
  run: runReinstall,
};
