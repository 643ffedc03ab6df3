/**
 * The access log on disk: appended, reopened on request (after logrotate or an operator renamed
 * it), and optionally rotated by size (`access.log` -> `access.log.1` -> ... -> `access.log.N`,
 * the oldest dropped), so it never grows without bound.
 *
 * Writes are synchronous `write(2)`s of whole batches (server/buffered-sink.ts hands in at most
 * one batch per 50 ms or 64 KiB) on a descriptor opened with O_APPEND: each batch lands whole at
 * the end of whatever file the descriptor names, so several processes appending to one file
 * never interleave inside a line, and a file renamed away keeps every line written before the
 * reopen. Nothing is queued in memory, so a reopen or a rotation loses and splits nothing.
 *
 * With several processes (serve --workers) only one may rename: the primary rotates
 * (rotateAccessLogs) and tells every process to reopen; a process that sees the file over the
 * limit only asks (server/cluster/primary.ts).
 */
import { closeSync, existsSync, fstatSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';

export const DEFAULT_ACCESS_LOG_KEEP = 5;

export interface AccessLogFile {
  readonly path: string;
  /** Appends `chunk` (whole lines) to the file now. */
  write(chunk: string): void;
  /** Closes the file and opens `path` again: the file there now, created if it is gone. */
  reopen(): void;
  /** The size of the file this process appends to, as the kernel sees it (every writer's lines). */
  size(): number;
  close(): void;
}

/** Opens `path` for appending (mode 0640 when created); throws the open's error (ENOENT, EACCES). */
export function openAccessLogFile(path: string, onError: (message: string) => void): AccessLogFile {
  let fd = openSync(path, 'a', 0o640);
  let failed = false;
  return {
    path,
    write(chunk) {
      const bytes = Buffer.from(chunk, 'utf8');
      try {
        for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
        failed = false;
      } catch (error) {
        // Said once per run of failures (a full disk would otherwise say it for every batch).
        if (!failed) onError(`access log ${path}: ${error instanceof Error ? error.message : String(error)}`);
        failed = true;
      }
    },
    reopen() {
      let next: number;
      try {
        next = openSync(path, 'a', 0o640);
      } catch (error) {
        // Keep writing to the file still open rather than lose lines.
        onError(
          `access log ${path}: cannot reopen: ${error instanceof Error ? error.message : String(error)}`,
        );
        return;
      }
      const previous = fd;
      fd = next;
      closeSync(previous);
    },
    size: () => fstatSync(fd).size,
    close: () => closeSync(fd),
  };
}

/**
 * Shifts the rotated files by one (`path.N` dropped, `path.i` -> `path.i+1`, `path` -> `path.1`).
 * The writers keep appending to the renamed file until they reopen. Call from one process only.
 */
export function rotateAccessLogs(path: string, keep: number): void {
  if (keep < 1) {
    rmSync(path, { force: true });
    return;
  }
  rmSync(`${path}.${keep}`, { force: true });
  for (let i = keep - 1; i >= 1; i--) {
    if (existsSync(`${path}.${i}`)) renameSync(`${path}.${i}`, `${path}.${i + 1}`);
  }
  if (existsSync(path)) renameSync(path, `${path}.1`);
}

/** The size of the file at `path` now (0 when it is gone). */
export function accessLogSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** `--access-log-max-size`: bytes, or a number with k, M or G (powers of 1024), e.g. `100M`. */
export function parseLogSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([kKmMgG]?)i?[bB]?$/.exec(text.trim());
  if (!m) return undefined;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? '').toLowerCase()] ?? 1;
  const bytes = Math.floor(Number(m[1]) * unit);
  return bytes >= 1 ? bytes : undefined;
}

export interface RotatingLog {
  write(chunk: string): void;
  /** Reopens the file (SIGHUP). */
  reopen(): void;
  close(): void;
}

/**
 * One process's log with size rotation: after a write that brings the file to `maxBytes` or
 * more, the files are shifted and the file reopened. Without `maxBytes`, only reopen.
 */
export function rotatingLog(
  file: AccessLogFile,
  maxBytes: number | undefined,
  keep: number,
  onError: (message: string) => void,
): RotatingLog {
  return {
    write(chunk) {
      file.write(chunk);
      if (maxBytes === undefined || file.size() < maxBytes) return;
      try {
        rotateAccessLogs(file.path, keep);
      } catch (error) {
        onError(
          `access log ${file.path}: cannot rotate: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      file.reopen();
    },
    reopen: () => file.reopen(),
    close: () => file.close(),
  };
}
