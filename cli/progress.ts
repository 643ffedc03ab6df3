/**
 * A one-line progress indicator on stderr, drawn only on an interactive terminal and only for
 * work large enough to notice. Elsewhere it prints nothing, so logs and pipes stay clean.
 */
import type { Terminal } from './terminal.js';

export interface Progress {
  step(label: string, done: number, total: number): void;
  end(): void;
}

const MIN_HOSTS_FOR_BAR = 50;

export function progress(term: Terminal, hosts: number): Progress {
  if (!term.interactive || hosts < MIN_HOSTS_FOR_BAR) return { step: () => undefined, end: () => undefined };
  const width = 30;
  let drawn = false;
  return {
    step(label, done, total) {
      const filled = total === 0 ? width : Math.round((done / total) * width);
      term.err(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}\u001b[K`);
      drawn = true;
    },
    end() {
      if (drawn) term.err('\r\u001b[K');
    },
  };
}
