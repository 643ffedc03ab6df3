/** Test support: the port an in-process `bootforge serve` announced on its captured stderr. */
import type { CapturedTerminal } from '../../cli/terminal.js';

export async function portFrom(term: CapturedTerminal): Promise<number> {
  for (let i = 0; i < 500; i++) {
    const match = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(term.stderr);
    if (match?.[1] !== undefined) return Number(match[1]);
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`server did not start: ${term.stderr}`);
}
