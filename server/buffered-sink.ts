/**
 * Log lines batched per event-loop turn: under a boot storm one write per turn instead of one per
 * request (stdout to a pipe is synchronous on Linux). flush() writes what is pending at once.
 */
import type { LogSink } from './access-log.js';

export interface BufferedSink {
  sink: LogSink;
  flush(): void;
}

export function bufferedSink(write: (chunk: string) => void): BufferedSink {
  let pending: string[] = [];
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (pending.length === 0) return;
    const chunk = pending.join('');
    pending = [];
    write(chunk);
  };
  return {
    sink(line) {
      pending.push(line);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
