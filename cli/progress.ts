/**
 * A one-line progress indicator on stderr, drawn only on an interactive terminal. The phases
 * before rendering (checking every host, reading or issuing the PKI: seconds on a large cluster)
 * are named as soon as they start, on every interactive terminal, so the command is never silent
 * there; the bar over hosts is drawn only for work large enough to notice. Elsewhere it prints
 * nothing, so logs and pipes stay clean. Each draw replaces the line; end() clears it.
 */
import type { Terminal } from './terminal.js';

export interface Progress {
  /** Name the phase that starts now (`issuing the PKI`). */
  phase(label: string): void;
  step(label: string, done: number, total: number): void;
  end(): void;
}

const MIN_HOSTS_FOR_BAR = 50;

export function progress(term: Terminal, hosts: number): Progress {
  const silent = { phase: () => undefined, step: () => undefined, end: () => undefined };
  if (!term.interactive) return silent;
  const width = 30;
  let drawn = false;
  return {
    phase(label) {
      term.err(`\r${label}...\u001b[K`);
      drawn = true;
    },
    step(label, done, total) {
      if (hosts < MIN_HOSTS_FOR_BAR) return;
      const filled = total === 0 ? width : Math.round((done / total) * width);
      term.err(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}\u001b[K`);
      drawn = true;
    },
    end() {
      if (drawn) term.err('\r\u001b[K');
    },
  };
}
